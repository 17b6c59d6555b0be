using Landfall.Manifests;

namespace Landfall.Status;

/// <summary>One manifest in a source's audit trail.</summary>
/// <param name="Source">Source name.</param>
/// <param name="IngestDate">Business date.</param>
/// <param name="RunId">Run id, from the document or else from the key.</param>
/// <param name="Status">success, failed, or the reason it could not be read.</param>
/// <param name="Latest">True for the manifest that decides the date.</param>
/// <param name="StartedAt">started_at.</param>
/// <param name="EndedAt">ended_at.</param>
/// <param name="DurationMs">duration_ms, or ended_at - started_at for manifests that have none (seed layout).</param>
/// <param name="Objects">Objects over every entity, when Landfall's layout could be read.</param>
/// <param name="Bytes">Bytes over every entity, when Landfall's layout could be read.</param>
/// <param name="Errors">Its errors; for an unreadable manifest, why it was passed over.</param>
/// <param name="Supersedes">The run it superseded.</param>
/// <param name="Key">Its key.</param>
/// <param name="Flags">
/// What is odd about it: <c>not_a_manifest_key</c> (an object in the manifest folder whose name is not <c>run_id=R.json</c>; it
/// still counts, as in the seed), <c>last_modified_in_future</c> (its LastModified is ahead of this host's clock: it stays the
/// latest until then).
/// </param>
public sealed record HistoryEntry(
    string Source, DateOnly IngestDate, string RunId, ManifestState Status, bool Latest, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, long? DurationMs,
    int? Objects, long? Bytes, IReadOnlyList<ManifestError> Errors, string? Supersedes, string Key, IReadOnlyList<string> Flags)
{
    /// <summary>
    /// Why the run re-ingested a date that was a success: the manifest's <c>reason</c> (<c>reconcile</c>: drift found at the source),
    /// or <c>forced</c> for a run that supersedes a success without one (--force); null for a plain run.
    /// </summary>
    public string? Reason { get; init; }

    internal static HistoryEntry From(string source, DateOnly day, ManifestRead read, bool latest, DateTimeOffset now)
    {
        var manifest = read.TryBind();
        var errors = read.Outcome == ManifestReadOutcome.Ok
            ? read.Errors
            : [new ManifestError(null, read.FailureReason!, read.Problem ?? "unreadable")];
        return new HistoryEntry(source, day, read.RunId, read.State, latest, read.StartedAt, read.EndedAt,
            read.DurationMs, manifest?.Outputs.Values.Sum(o => o.Totals.Objects), manifest?.Outputs.Values.Sum(o => o.Totals.Bytes), errors,
            manifest?.Supersedes?.RunId, read.Key, read.Flags(now))
        {
            Reason = read.GetString("reason") ?? (manifest?.Supersedes is null ? null : "forced"),
        };
    }
}
