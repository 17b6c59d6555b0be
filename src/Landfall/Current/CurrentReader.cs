using System.Runtime.CompilerServices;
using Landfall.Diagnostics;
using Landfall.Manifests;
using Landfall.Planning;

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
                    current.Read.StartedAt, current.Read.EndedAt, [.. InPlace(current.Read, date, output.Objects).Select(Object)]);
            }
        }
    }

    /// <summary>Every object of every readable run in range, the current ones flagged: the exported object table.</summary>
    public async IAsyncEnumerable<ObjectTableRow> ObjectTableAsync(CurrentRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
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
                    foreach (var obj in InPlace(read, date, output.Objects))
                    {
                        yield return new ObjectTableRow(date.Source, entity, date.Date, read.RunId, read.State, date.Status, isCurrent,
                            Object(obj), read.StartedAt, read.EndedAt, read.Key);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The objects of a manifest that lie under its own run's prefix: another source's, date's or run's object is never handed out as
    /// this date's data (logged as object_outside_run_prefix, naming the manifest and the key; <c>verify</c> reports it).
    /// </summary>
    private IEnumerable<OutputObject> InPlace(ManifestRead read, DateReads date, IEnumerable<OutputObject> objects)
    {
        foreach (var obj in objects)
        {
            if (RunPrefixCheck.IsOutside(read, date.Source, date.Date, obj.Key))
            {
                Log.ObjectOutsideRunPrefix(workspace.Logger, read.Key, obj.Key, RunPrefixCheck.Expected(read, date.Source, date.Date));
                continue;
            }
            yield return obj;
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
        var ledgers = workspace.Ledger;
        var sources = await workspace.SelectWithManifestsAsync(request.Sources, cancellationToken).ConfigureAwait(false);
        WarnOfUndeclaredEntities(request, sources);
        // Sources are listed (with their index) a few ahead of the one being read, in order; each is let go once streamed.
        foreach (var (source, listing) in Lookahead.InOrder(sources, Tuning.SourceListings,
            s => ledgers.ListAsync(s, withIndex: true, cancellationToken)))
        {
            var ledger = await listing.ConfigureAwait(false);
            foreach (var batch in ledger.Between(request.From, request.To).Select(kv => (ledger, kv.Key)).Chunk(Tuning.CurrentDatesPerBatch))
            {
                // Every date of a batch read together (index first, the rest concurrently), each newest first by the rule that picks
                // the latest: the first success is the current run.
                var groups = await ledgers.AllByDateAsync(batch, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < batch.Length; i++)
                {
                    var reads = groups[i];
                    var success = reads.FirstOrDefault(r => r.IsSuccess);
                    var bound = success?.TryBind();
                    yield return new DateReads(source, batch[i].Key, reads[0].State, reads,
                        success is null || bound is null ? null : (success, bound));
                }
            }
        }
    }

    /// <summary>
    /// An <c>--entity</c> that no selected configured source declares is most likely a typo, but an entity removed from the config
    /// keeps its manifests: said as a warning, never refused.
    /// </summary>
    private void WarnOfUndeclaredEntities(CurrentRequest request, IReadOnlyList<string> sources)
    {
        if (request.Entities is not { Count: > 0 } wanted)
        {
            return;
        }
        var configured = workspace.Sources.Where(s => sources.Contains(s.Name)).ToList();
        foreach (var entity in wanted.Where(e => !configured.Any(s => s.Entities.Contains(e))))
        {
            Log.EntityNotConfigured(workspace.Logger, entity,
                configured.Count == 0 ? "none configured" : string.Join("; ", configured.Select(s => $"{s.Name}: {string.Join(", ", s.Entities)}")));
        }
    }

    private sealed record DateReads(string Source, DateOnly Date, ManifestState Status, IReadOnlyList<ManifestRead> Reads,
        (ManifestRead Read, Manifest Manifest)? Current);
}
