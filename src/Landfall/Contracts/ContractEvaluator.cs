using System.Text.Json;
using System.Text.Json.Nodes;
using Landfall.Manifests;

namespace Landfall.Contracts;

/// <summary>What a date's contracts decided: the entity blocks with their evidence, and the errors and warnings to record.</summary>
/// <param name="Outputs">Every entity's output, with <c>schema_change</c> and <c>expectations</c> added where there is evidence.</param>
/// <param name="Errors">schema_changed (freeze) and expectation_failed (level fail): the date fails.</param>
/// <param name="Warnings">The same at mode warn / level warn: the date succeeds, marked.</param>
/// <param name="Accepted">What the run accepted, by whom (the manifest's <c>accepted</c>); empty when nothing.</param>
internal sealed record ContractVerdict(
    Dictionary<string, EntityOutput> Outputs, List<ManifestError> Errors, List<ManifestError> Warnings, List<JsonObject> Accepted);

/// <summary>
/// Checks a date's entities against their contracts before the success manifest is written: each schema against the latest success of
/// the nearest earlier date that recorded one, each expectation against what landed and against the entity's recent successes. Reads
/// earlier manifests only when there is something to compare (a schema recorded now, or a trailing check).
/// </summary>
internal sealed class ContractEvaluator(ManifestReads reads)
{
    public async Task<ContractVerdict> EvaluateAsync(ContractRun run, IReadOnlyDictionary<string, EntityOutput> outputs, SourceContracts contracts,
        ContractAcceptance acceptance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(contracts);
        var schemas = outputs.ToDictionary(kv => kv.Key, kv => EntitySchemaRecord.From(kv.Value), StringComparer.Ordinal);
        var wanted = schemas.Where(kv => kv.Value.Schema is not null).Select(kv => kv.Key).ToList();
        var trailing = outputs.Keys.Where(e => contracts.Of(e).Trailing is not null).ToList();
        var earlier = wanted.Count == 0 && trailing.Count == 0 ? [] : await EarlierSuccesses.ReadAsync(reads, run.Source, run.Date,
            found => wanted.All(e => Baseline(e, found) is not null)
                && trailing.All(e => ExpectationCheck.Enough(e, contracts.Of(e).Trailing!, run.Date, found)),
            cancellationToken).ConfigureAwait(false);

        var result = new Dictionary<string, EntityOutput>(outputs, StringComparer.Ordinal);
        var errors = new List<ManifestError>();
        var warnings = new List<ManifestError>();
        var accepted = new List<JsonObject>();
        foreach (var (entity, output) in outputs)
        {
            var contract = contracts.Of(entity);
            var findings = new ContractFindings();
            SchemaCheck.Evaluate(run, entity, output, schemas[entity], Baseline(entity, earlier), contract, acceptance, findings);
            ExpectationCheck.Evaluate(run, entity, output, contract, earlier, acceptance, findings);
            if (findings.Evidence.Count > 0)
            {
                var extra = output.Extra is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(output.Extra);
                foreach (var (field, node) in findings.Evidence)
                {
                    extra[field] = ManifestFormat.Fact(node);
                }
                result[entity] = new EntityOutput { Objects = output.Objects, Totals = output.Totals, Empty = output.Empty, Extra = extra };
            }
            errors.AddRange(findings.Errors);
            warnings.AddRange(findings.Warnings);
            accepted.AddRange(findings.Accepted);
        }
        return new ContractVerdict(result, errors, warnings, accepted);
    }

    /// <summary>The nearest earlier success that recorded a schema for <paramref name="entity"/>.</summary>
    private static (EarlierSuccess Success, DataSchema Schema)? Baseline(string entity, IReadOnlyList<EarlierSuccess> earlier)
    {
        foreach (var success in earlier)
        {
            if (success.Manifest.Outputs.TryGetValue(entity, out var output) && EntitySchemaRecord.From(output).Schema is { } schema)
            {
                return (success, schema);
            }
        }
        return null;
    }
}
