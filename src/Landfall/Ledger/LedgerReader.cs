using Landfall.Lake;
using Landfall.Manifests;
using Microsoft.Extensions.Logging;

namespace Landfall.Ledger;

/// <summary>
/// The read side's reads of manifests: a source is listed once into a <see cref="SourceLedger"/> (with its index when asked), and
/// every read of its manifests goes through that value: a manifest the index covers exactly (key, size, ETag, LastModified) is
/// taken from it, the rest are read concurrently. Run's own skip decision never comes here (<see cref="ManifestReads.LatestAsync"/>).
/// </summary>
internal sealed class LedgerReader(ManifestReads reads, LedgerIndexStore indexes, ILogger logger)
{
    /// <summary>The reads of the manifests themselves.</summary>
    public ManifestReads Manifests => reads;

    /// <summary>Reads and writes index objects.</summary>
    public LedgerIndexStore Indexes => indexes;

    /// <summary>Source names that have manifests in the lake, ordinal order.</summary>
    public Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken cancellationToken) => reads.Catalog.ListSourcesAsync(cancellationToken);

    /// <summary>A source's manifests in one paginated listing, with its newest index (loaded alongside) when <paramref name="withIndex"/>.</summary>
    public async Task<SourceLedger> ListAsync(string source, bool withIndex, CancellationToken cancellationToken)
    {
        if (!withIndex)
        {
            return new SourceLedger(source, await reads.Catalog.ListSourceAsync(source, cancellationToken).ConfigureAwait(false), null);
        }
        var indexTask = indexes.LoadNewestAsync(source, cancellationToken);
        SortedDictionary<DateOnly, IReadOnlyList<LakeObjectInfo>> dates;
        try
        {
            dates = await reads.Catalog.ListSourceAsync(source, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Never leave the index load running unobserved.
            await ((Task)indexTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        return Attach(new SourceLedger(source, dates, null), await indexTask.ConfigureAwait(false));
    }

    /// <summary>As <see cref="ListAsync(string, bool, CancellationToken)"/> for several sources, listed concurrently, in the order given.</summary>
    public async Task<IReadOnlyList<SourceLedger>> ListAsync(IReadOnlyList<string> sources, bool withIndex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var ledgers = new SourceLedger[sources.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, sources.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Tuning.SourceListings, CancellationToken = cancellationToken },
            async (i, ct) => ledgers[i] = await ListAsync(sources[i], withIndex, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return ledgers;
    }

    /// <summary><paramref name="ledger"/> with the source's newest index, for a listing made without it.</summary>
    public async Task<SourceLedger> WithIndexAsync(SourceLedger ledger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return Attach(ledger, await indexes.LoadNewestAsync(ledger.Source, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The latest manifest of each date of <paramref name="ledger"/> (or of <paramref name="dates"/> only), by the rule of
    /// <see cref="LatestManifest"/>: only each date's candidates are read, every date's reads in flight together.
    /// </summary>
    public async Task<SortedDictionary<DateOnly, ManifestRead>> LatestByDateAsync(SourceLedger ledger,
        IEnumerable<KeyValuePair<DateOnly, IReadOnlyList<LakeObjectInfo>>> dates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(dates);
        var groups = dates.Where(kv => kv.Value.Count > 0).ToList();
        var candidates = groups.Select(kv => LatestManifest.Candidates(kv.Value)).ToList();
        var objects = candidates.SelectMany(c => c).ToList();
        var read = await reads.ReadAsync(objects, [.. objects.Select(ledger.Known)], cancellationToken).ConfigureAwait(false);
        var result = new SortedDictionary<DateOnly, ManifestRead>();
        var at = 0;
        for (var i = 0; i < groups.Count; i++)
        {
            result[groups[i].Key] = reads.Latest(read.AsSpan(at, candidates[i].Count));
            at += candidates[i].Count;
        }
        return result;
    }

    /// <summary>The latest manifest of every date of <paramref name="ledger"/>.</summary>
    public Task<SortedDictionary<DateOnly, ManifestRead>> LatestByDateAsync(SourceLedger ledger, CancellationToken cancellationToken) =>
        LatestByDateAsync(ledger, ledger.Dates, cancellationToken);

    /// <summary>
    /// Every manifest of each (ledger, date) trail, each newest first, in the order given; the reads of every trail in flight together.
    /// Trails of several sources may be mixed (history reads the newest dates of every source at once).
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<ManifestRead>>> AllByDateAsync(IReadOnlyList<(SourceLedger Ledger, DateOnly Date)> trails,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trails);
        var groups = trails.Select(t => t.Ledger.Dates.TryGetValue(t.Date, out var o) ? o : []).ToList();
        var objects = groups.SelectMany(g => g).ToList();
        var known = trails.SelectMany((t, i) => groups[i].Select(t.Ledger.Known)).ToList();
        var read = await reads.ReadAsync(objects, known, cancellationToken).ConfigureAwait(false);
        var result = new List<IReadOnlyList<ManifestRead>>(groups.Count);
        var at = 0;
        foreach (var group in groups)
        {
            var list = read.AsSpan(at, group.Count).ToArray().ToList();
            list.Sort(LatestManifest.NewestFirst);
            result.Add(list);
            at += group.Count;
        }
        return result;
    }

    private SourceLedger Attach(SourceLedger ledger, LedgerIndex? index)
    {
        if (index is null)
        {
            return ledger;
        }
        var listed = ledger.Objects.ToList();
        var (covered, disagreeing) = index.Compare(listed);
        if (disagreeing > 0)
        {
            LedgerLog.IndexDisagrees(logger, ledger.Source, index.Info.Key, disagreeing);
        }
        LedgerLog.IndexUsed(logger, ledger.Source, index.Info.Key, covered, listed.Count);
        return ledger with { Index = index };
    }
}
