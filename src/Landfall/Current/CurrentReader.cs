using System.Runtime.CompilerServices;
using Landfall.Manifests;
using Landfall.Runs;
using Landfall.Status;

namespace Landfall.Current;

/// <summary>
/// The current data from the manifests: per (source, date), the manifests newest first by the seed's rule, the newest success
/// among them is the current run, and the latest one gives the date's status. Streams source by source and date by date.
/// </summary>
internal sealed class CurrentReader(Workspace workspace)
{
    /// <summary>Every (source, entity, date) that has a current run, in source, date, entity order.</summary>
    public async IAsyncEnumerable<CurrentEntry> CurrentAsync(CurrentRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var date in DatesAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (date.Current is not { } current)
            {
                continue;
            }
            foreach (var (entity, output) in Outputs(current.Manifest, request))
            {
                yield return new CurrentEntry(date.Source, entity, date.Date, date.Status, current.Read.RunId, current.Read.Key,
                    current.Read.StartedAt, current.Read.EndedAt, [.. output.Objects.Select(Object)]);
            }
        }
    }

    /// <summary>Every object of every readable run in range, the current ones flagged: the exported ledger table.</summary>
    public async IAsyncEnumerable<LedgerObject> LedgerAsync(CurrentRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var date in DatesAsync(request, cancellationToken).ConfigureAwait(false))
        {
            foreach (var read in date.Reads)
            {
                if (read.TryBind() is not { } manifest)
                {
                    continue;
                }
                var isCurrent = date.Current is { } current && ReferenceEquals(current.Read, read);
                foreach (var (entity, output) in Outputs(manifest, request))
                {
                    foreach (var obj in output.Objects)
                    {
                        yield return new LedgerObject(date.Source, entity, date.Date, read.RunId, read.Status ?? "?", date.Status, isCurrent,
                            Object(obj), read.StartedAt, read.EndedAt, read.Key);
                    }
                }
            }
        }
    }

    private CurrentObject Object(OutputObject o) => new(workspace.Lake.UriOf(o.Key), o.Key, o.Bytes, o.Sha256, o.Rows);

    private static IEnumerable<(string Entity, EntityOutput Output)> Outputs(Manifest manifest, CurrentRequest request) =>
        manifest.Outputs
            .Where(kv => request.Entities is not { Count: > 0 } only || only.Contains(kv.Key))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (kv.Key, kv.Value));

    private async IAsyncEnumerable<DateReads> DatesAsync(CurrentRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestRules.Range(request.From, request.To);
        var store = workspace.Manifests;
        foreach (var source in await workspace.SelectWithManifestsAsync(request.Sources, cancellationToken).ConfigureAwait(false))
        {
            foreach (var (day, objects) in await store.ListBySourceAsync(source, cancellationToken).ConfigureAwait(false))
            {
                if (day < request.From || day > request.To)
                {
                    continue;
                }
                // Newest first, by the same rule that picks the latest: the first success is the current run.
                var reads = await store.ReadManyAsync(objects, cancellationToken).ConfigureAwait(false);
                var success = reads.FirstOrDefault(r => r.IsSuccess);
                var bound = success?.TryBind();
                yield return new DateReads(source, day, StatusReader.Summarise(reads[0]).Status, reads,
                    success is null || bound is null ? null : (success, bound));
            }
        }
    }

    private sealed record DateReads(string Source, DateOnly Date, string Status, IReadOnlyList<ManifestRead> Reads,
        (ManifestRead Read, Manifest Manifest)? Current);
}
