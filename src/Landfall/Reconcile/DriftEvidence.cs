using System.Text.Json;
using System.Text.Json.Nodes;
using Landfall.Manifests;

namespace Landfall.Reconcile;

/// <summary>
/// The <c>drift</c> field of a re-ingest's manifest: when the drift was seen, against which success, and every change with its
/// before and after values, removed files and objects included (they stay in the lake under the superseded run).
/// </summary>
internal static class DriftEvidence
{
    /// <summary>The manifest field.</summary>
    public const string Field = "drift";

    /// <summary>The evidence of <paramref name="result"/>, observed at <paramref name="observedAt"/>.</summary>
    public static JsonElement For(ReconcileResult result, DateTimeOffset observedAt)
    {
        ArgumentNullException.ThrowIfNull(result);
        var changes = new JsonArray();
        foreach (var c in result.Changes)
        {
            var change = new JsonObject { ["entity"] = c.Entity, ["change"] = c.Change.ToWord() };
            if (c.SourcePath is not null)
            {
                change["source_path"] = c.SourcePath;
            }
            if (c.Fields.Count > 0)
            {
                change["fields"] = new JsonArray([.. c.Fields.Select(f => (JsonNode)JsonValue.Create(f.ToWord()))]);
            }
            if (c.Before is { } before)
            {
                change["before"] = Facts(before);
            }
            if (c.After is { } after)
            {
                change["after"] = Facts(after);
            }
            changes.Add((JsonNode)change);
        }
        var drift = new JsonObject
        {
            ["observed_at"] = ManifestFormat.FormatInstant(observedAt),
            ["compared_run_id"] = result.RunId,
            ["added"] = result.Changes.Count(c => c.Change == DriftChangeKind.Added),
            ["changed"] = result.Changes.Count(c => c.Change is DriftChangeKind.Changed or DriftChangeKind.RowsChanged or DriftChangeKind.ContentChanged),
            ["removed"] = result.Changes.Count(c => c.Change == DriftChangeKind.Removed),
            ["changes"] = changes,
        };
        if (result.Notes.Count > 0)
        {
            drift["notes"] = new JsonArray([.. result.Notes.Select(n => (JsonNode)JsonValue.Create(n))]);
        }
        return ManifestFormat.Fact(drift);
    }

    private static JsonObject Facts(SourceFacts f)
    {
        var facts = new JsonObject();
        if (f.Bytes is { } bytes)
        {
            facts["bytes"] = bytes;
        }
        if (f.ModifiedAt is { } modified)
        {
            facts["modified_at"] = ManifestFormat.FormatInstant(modified);
        }
        if (f.ETag is { } etag)
        {
            facts["etag"] = etag;
        }
        if (f.VersionId is { } version)
        {
            facts["version_id"] = version;
        }
        if (f.Rows is { } rows)
        {
            facts["rows"] = rows;
        }
        if (f.Fingerprint is { } fingerprint)
        {
            facts["fingerprint"] = fingerprint;
        }
        return facts;
    }
}
