using Landfall.Lake;
using Microsoft.Extensions.Logging;

namespace Landfall.Ledger;

/// <summary>
/// Writes ledger index objects: per source, a fresh object covering every manifest listed (entries of the previous index whose
/// fingerprint still matches are taken over, the rest are read). Never overwrites or deletes; an index never decides a skip.
/// </summary>
internal sealed class LedgerIndexer(LedgerReader reader, ILake lake, TimeProvider time, ILogger logger)
{
    /// <summary>Indexes every source of <paramref name="sources"/> that has a manifest not covered yet.</summary>
    public async Task<IndexReport> IndexAsync(IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var results = new List<IndexResult>();
        foreach (var source in sources)
        {
            results.Add(await IndexSourceAsync(source, minUncovered: 1, cancellationToken).ConfigureAwait(false));
        }
        return new IndexReport(results);
    }

    /// <summary>
    /// After a run: a fresh index for each of <paramref name="written"/> (the sources the run wrote a manifest for) whose newest index
    /// leaves at least <paramref name="minUncovered"/> manifests uncovered; 0 does nothing. A failure is logged, never thrown.
    /// </summary>
    public async Task AfterRunAsync(IReadOnlyList<string> written, int minUncovered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(written);
        if (minUncovered <= 0)
        {
            return;
        }
        foreach (var source in written)
        {
            try
            {
                await IndexSourceAsync(source, minUncovered, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Interrupted after the run: its results stand; the next run or `landfall index` writes the index.
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The index is a cache: the run's result stands whatever happens to it.
                LedgerLog.IndexWriteFailed(logger, source, e.Message.TrimEnd('.'));
            }
        }
    }

    /// <summary>Indexes one source when at least <paramref name="minUncovered"/> of its manifests are not covered yet.</summary>
    public async Task<IndexResult> IndexSourceAsync(string source, int minUncovered, CancellationToken cancellationToken)
    {
        // Listed without the index, and the previous index read apart: its entries are reused only where they match the listing.
        var previousTask = reader.Indexes.LoadNewestAsync(source, cancellationToken);
        SourceLedger ledger;
        try
        {
            ledger = await reader.ListAsync(source, withIndex: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ((Task)previousTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        var previous = await previousTask.ConfigureAwait(false);
        var listed = ledger.Objects.ToList();
        var entries = new LedgerEntry?[listed.Count];
        var toRead = new List<int>();
        for (var i = 0; i < listed.Count; i++)
        {
            if (previous is not null && previous.Entries.TryGetValue(listed[i].Key, out var old) && old.Matches(listed[i]))
            {
                entries[i] = old;
            }
            else if (listed[i].Size <= LedgerIndexFormat.MaxBodyBytes)
            {
                toRead.Add(i);
            }
        }
        var reused = entries.Count(e => e is not null);
        // Entries of the previous index that no longer match the listing: a new index drops them (asked for explicitly only).
        var stale = previous is not null && previous.Entries.Count != reused;
        if (toRead.Count < minUncovered && !(stale && minUncovered <= 1))
        {
            return new IndexResult(source, toRead.Count == 0 && !stale ? IndexStatus.UpToDate : IndexStatus.BelowThreshold, null, listed.Count,
                reused, reused, 0);
        }
        await Parallel.ForEachAsync(toRead, new ParallelOptions { MaxDegreeOfParallelism = Tuning.ManifestReads, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                try
                {
                    var body = await lake.ReadSmallAsync(listed[i].Key, LedgerIndexFormat.MaxBodyBytes, ct).ConfigureAwait(false);
                    // Only what the listing describes: a body of another size is not that object.
                    if (body.LongLength == listed[i].Size)
                    {
                        entries[i] = new LedgerEntry(listed[i], body);
                    }
                }
                catch (Exception e) when (e is LandfallException or IOException or HttpRequestException or TimeoutException)
                {
                    // Unreadable now: left uncovered, so every reader reads (and reports) it itself.
                }
            }).ConfigureAwait(false);
        var covered = entries.OfType<LedgerEntry>().ToList();
        var stored = await reader.Indexes.WriteAsync(source, covered, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        LedgerLog.IndexWritten(logger, source, stored.Key, covered.Count, listed.Count, reused, toRead.Count);
        return new IndexResult(source, IndexStatus.Written, stored.Key, listed.Count, covered.Count, reused, toRead.Count);
    }
}
