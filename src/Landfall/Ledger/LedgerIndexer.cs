using Landfall.Lake;
using Landfall.Manifests;
using Landfall.Runs;

namespace Landfall.Ledger;

/// <summary>
/// Writes ledger index objects: per source, a fresh object covering every manifest listed (entries of the previous index whose
/// fingerprint still matches are taken over, the rest are read). Never overwrites or deletes; an index never decides a skip.
/// </summary>
internal sealed class LedgerIndexer(Workspace workspace)
{
    /// <summary>Indexes the sources <paramref name="request"/> names.</summary>
    public async Task<IndexReport> IndexAsync(IndexRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var results = new List<IndexResult>();
        foreach (var source in await SourcesAsync(request.Sources, cancellationToken).ConfigureAwait(false))
        {
            results.Add(await IndexSourceAsync(source, minUncovered: 1, cancellationToken).ConfigureAwait(false));
        }
        return new IndexReport(results);
    }

    /// <summary>
    /// After a run: a fresh index for each source the run wrote a manifest for whose newest index leaves at least
    /// <see cref="ScheduleSettings.IndexAfterRunMinUncovered"/> manifests uncovered. A failure is logged, never thrown.
    /// </summary>
    public async Task AfterRunAsync(RunReport report, CancellationToken cancellationToken)
    {
        var min = workspace.Schedule.IndexAfterRunMinUncovered;
        if (min <= 0)
        {
            return;
        }
        var written = report.Results.Where(r => r.ManifestKey is not null).Select(r => r.Source).Distinct(StringComparer.Ordinal).ToList();
        foreach (var source in written)
        {
            try
            {
                await IndexSourceAsync(source, min, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Interrupted after the run: its results stand; the next run or `landfall index` writes the index.
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The index is a cache: the run's result stands whatever happens to it.
                LedgerLog.IndexWriteFailed(workspace.Logger, source, e.Message.TrimEnd('.'));
            }
        }
    }

    /// <summary>Indexes one source when at least <paramref name="minUncovered"/> of its manifests are not covered yet.</summary>
    public async Task<IndexResult> IndexSourceAsync(string source, int minUncovered, CancellationToken cancellationToken)
    {
        var store = workspace.Manifests;
        var previousTask = store.Indexes.LoadNewestAsync(source, cancellationToken);
        SortedDictionary<DateOnly, List<LakeObjectInfo>> byDate;
        try
        {
            byDate = await store.ListManifestsAsync(source, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ((Task)previousTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        var previous = await previousTask.ConfigureAwait(false);
        var listed = byDate.Values.SelectMany(o => o).ToList();
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
            return new IndexResult(source, toRead.Count == 0 && !stale ? IndexResult.UpToDate : IndexResult.BelowThreshold, null, listed.Count,
                reused, reused, 0);
        }
        await Parallel.ForEachAsync(toRead, new ParallelOptions { MaxDegreeOfParallelism = ManifestStore.ReadConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                try
                {
                    var body = await workspace.Lake.ReadSmallAsync(listed[i].Key, LedgerIndexFormat.MaxBodyBytes, ct).ConfigureAwait(false);
                    // Only what the listing describes: a body of another size is not that object.
                    if (body.LongLength == listed[i].Size)
                    {
                        entries[i] = new LedgerEntry(listed[i], body);
                    }
                }
                catch (LandfallException)
                {
                    // Unreadable now: left uncovered, so every reader reads (and reports) it itself.
                }
            }).ConfigureAwait(false);
        var covered = entries.OfType<LedgerEntry>().ToList();
        var stored = await store.Indexes.WriteAsync(source, covered, workspace.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        LedgerLog.IndexWritten(workspace.Logger, source, stored.Key, covered.Count, listed.Count, reused, toRead.Count);
        return new IndexResult(source, IndexResult.Written, stored.Key, listed.Count, covered.Count, reused, toRead.Count);
    }

    /// <summary>The sources asked for; each must be configured or have manifests in the lake.</summary>
    private async Task<IReadOnlyList<string>> SourcesAsync(IReadOnlyCollection<string>? names, CancellationToken cancellationToken)
    {
        var inLake = await workspace.Manifests.ListSourcesAsync(cancellationToken).ConfigureAwait(false);
        var configured = workspace.Sources.Select(s => s.Name).ToList();
        if (names is null || names.Count == 0)
        {
            return [.. configured, .. inLake.Where(n => !configured.Contains(n))];
        }
        foreach (var name in names.Where(n => !configured.Contains(n) && !inLake.Contains(n)))
        {
            throw new InvalidRequestException(
                $"--source '{name}' is neither in {workspace.ConfigFile} nor in the lake's manifests; configured sources: " +
                $"{string.Join(", ", configured)}.");
        }
        return [.. names.Distinct(StringComparer.Ordinal)];
    }
}
