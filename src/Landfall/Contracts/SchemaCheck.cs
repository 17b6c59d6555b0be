using System.Text.Json;
using System.Text.Json.Nodes;
using Landfall.Manifests;

namespace Landfall.Contracts;

/// <summary>
/// An entity's schema against the latest success of the nearest earlier date that recorded one (its baseline): what changed, in
/// which objects, and what the entity's <c>schema:</c> mode does with it. The first date with a schema has nothing to compare with.
/// </summary>
internal static class SchemaCheck
{
    /// <summary>The manifest field of the evidence, on the entity's block.</summary>
    public const string Field = "schema_change";

    private const int MaxObjectsNamed = 50;

    public static void Evaluate(ContractRun run, string entity, EntityOutput output, EntitySchemaRecord now,
        (EarlierSuccess Success, DataSchema Schema)? baseline, EntityContract contract, ContractAcceptance acceptance, ContractFindings findings)
    {
        var diff = baseline is { } b && now.Schema is not null ? SchemaDiff.Between(b.Schema, now.Schema) : null;
        if (diff is not { IsEmpty: false } && !now.Inconsistent)
        {
            return;
        }
        var parts = new List<string>();
        var evidence = new JsonObject { ["mode"] = contract.Schema.ToWord() };
        if (baseline is { } against)
        {
            evidence["compared_with"] = new JsonObject
            {
                ["ingest_date"] = against.Success.Manifest.IngestDate,
                ["run_id"] = against.Success.RunId,
                ["manifest"] = against.Success.Key,
                ["fingerprint"] = against.Schema.Fingerprint,
            };
        }
        if (now.Schema is not null)
        {
            evidence["fingerprint"] = now.Schema.Fingerprint;
        }
        if (diff is { IsEmpty: false })
        {
            evidence["diff"] = diff.ToJson();
            var objects = ObjectsWith(output, now.Schema!.Fingerprint);
            var where = "";
            if (objects.Count > 0)
            {
                evidence["objects"] = new JsonArray([.. objects.Take(MaxObjectsNamed).Select(o => (JsonNode)JsonValue.Create(o))]);
                where = $" in {Named(objects)}";
            }
            var since = baseline!.Value.Success;
            parts.Add($"since {since.Manifest.IngestDate} (run {since.RunId}): {diff.Describe()}{where}");
        }
        foreach (var (obj, difference) in now.Disagreeing)
        {
            parts.Add($"object '{obj}' differs from the others of the date: {difference}");
        }
        foreach (var (obj, problem) in now.Unreadable)
        {
            parts.Add($"object '{obj}' could not be read as {now.Schema?.Format ?? "its format"}: {problem}");
        }
        if (now.NotListed > 0)
        {
            parts.Add($"and {now.NotListed} more object(s) (the entity's schema block counts them)");
        }
        var change = string.Join("; ", parts);
        evidence["change"] = change;
        var (accepted, via) = Acceptance(run, contract, baseline?.Success.Date, acceptance);
        if (accepted)
        {
            var record = run.Accepted(acceptance.Schema ? acceptance.By : "config", via);
            evidence["accepted"] = record;
            findings.Accepted.Add(new JsonObject
            {
                ["entity"] = entity,
                ["what"] = "schema",
                ["fingerprint"] = now.Schema?.Fingerprint,
                ["by"] = record["by"]!.DeepClone(),
                ["via"] = via,
                ["at"] = record["at"]!.DeepClone(),
            });
            ContractLog.SchemaAccepted(run.Logger, run.Source, entity, run.Day, record["by"]!.GetValue<string>(), via, change, run.RunId);
        }
        else
        {
            ContractLog.SchemaChanged(run.Logger, run.Source, entity, run.Day, contract.Schema.ToWord(),
                baseline is { } c ? $"{c.Success.Manifest.IngestDate} run {c.Success.RunId}" : "no earlier schema", change, run.RunId);
            var message = $"The schema of entity '{entity}' changed {change}.";
            if (contract.Schema == SchemaMode.Freeze)
            {
                findings.Errors.Add(new ManifestError(entity, "schema_changed", message +
                    " schema_contract: freeze fails the date; nothing is lost: the objects stay under this run's prefix, current does not list them, " +
                    $"and the date is retried. Accept the change with 'landfall run --date {run.Day} --source {run.Source} --accept-schema', " +
                    $"or set accept_schema_from: {run.Day} on the entity."));
            }
            else if (contract.Schema == SchemaMode.Warn)
            {
                findings.Warnings.Add(new ManifestError(entity, "schema_changed", message + " schema_contract: warn records it; the date succeeds."));
            }
        }
        findings.Evidence[Field] = evidence;
    }

    /// <summary>Whether the change is accepted: by the run (<c>--accept-schema</c>), or by <c>accept_schema_from</c> for a baseline before that date.</summary>
    private static (bool Accepted, string Via) Acceptance(ContractRun run, EntityContract contract, DateOnly? baselineDate, ContractAcceptance acceptance)
    {
        if (acceptance.Schema)
        {
            return (true, "accept_schema");
        }
        if (contract.AcceptSchemaFrom is { } from && run.Date >= from && (baselineDate is null || baselineDate < from))
        {
            return (true, $"accept_schema_from ({contract.AcceptSchemaFromPath}: {Layout.ManifestKeys.FormatDate(from)})");
        }
        return (false, "");
    }

    /// <summary>The objects (source paths) whose recorded schema has <paramref name="fingerprint"/>.</summary>
    private static List<string> ObjectsWith(EntityOutput output, string fingerprint)
    {
        var names = new List<string>();
        foreach (var o in output.Objects)
        {
            if (o.Extra is not null && o.Extra.TryGetValue(EntitySchemaRecord.Field, out var schema) && schema.ValueKind == JsonValueKind.Object
                && schema.TryGetProperty("fingerprint", out var f) && f.ValueKind == JsonValueKind.String && f.GetString() == fingerprint)
            {
                names.Add(o.SourcePath ?? o.Key);
            }
        }
        return names;
    }

    private static string Named(List<string> objects) =>
        string.Join(", ", objects.Take(5).Select(o => $"'{o}'")) + (objects.Count > 5 ? $" and {objects.Count - 5} more" : "");
}
