using System.Collections.Concurrent;
using Landfall.Diagnostics;
using Landfall.Lake;
using Landfall.Layout;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Landfall.Manifests;

/// <summary>
/// The manifest protocol over a lake: write a run's manifest to its own key, find the latest manifest of a date,
/// discover the dates of a source. Never deletes, never overwrites.
/// The read side (<see cref="ListBySourceAsync"/> then <see cref="PickLatestAsync"/>, <see cref="ReadManyAsync"/> and their batch
/// forms) takes a manifest from the source's ledger index when the listing shows the very object the index recorded, and reads the
/// rest concurrently. <see cref="FindLatestAsync"/> and <see cref="ReadAllAsync"/>, which decide whether <c>run</c> skips a date,
/// always read the manifests themselves.
/// </summary>
internal sealed class ManifestStore
{
    /// <summary>How many manifest reads are in flight at once.</summary>
    public const int ReadConcurrency = 16;

    /// <summary>How many sources are listed at once.</summary>
    public const int ListConcurrency = 8;

    private readonly ILake _lake;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly LedgerIndexStore _indexes;
    private readonly ConcurrentDictionary<string, LedgerIndex> _loaded = new(StringComparer.Ordinal);

    /// <summary>Creates a store over <paramref name="lake"/>.</summary>
    public ManifestStore(ILake lake, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(lake);
        _lake = lake;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _indexes = new LedgerIndexStore(lake, _logger);
    }

    /// <summary>Reads and writes the ledger index objects.</summary>
    public LedgerIndexStore Indexes => _indexes;

    /// <summary>The lake the manifests live in.</summary>
    public ILake Lake => _lake;

    /// <summary>Writes the manifest to its run-namespaced key and returns the key.</summary>
    public async Task<string> WriteAsync(Manifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var date = DateOnly.ParseExact(manifest.IngestDate, "yyyy-MM-dd");
        var key = ManifestKeys.Key(manifest.Source, date, manifest.RunId);
        using var body = new MemoryStream(ManifestFormat.Serialize(manifest), writable: false);
        await _lake.PutAsync(key, FaultInjection.Midway(body, body.Length, "mid_manifest"), ManifestFormat.ContentType, cancellationToken)
            .ConfigureAwait(false);
        Log.ManifestWritten(_logger, manifest.Status, key);
        return key;
    }

    /// <summary>
    /// Every manifest object of a (source, date), across every listing page, newest first by the rule of
    /// <see cref="FindLatestAsync"/>. Unreadable ones are included and logged.
    /// </summary>
    public async Task<IReadOnlyList<ManifestRead>> ReadAllAsync(string source, DateOnly date, CancellationToken cancellationToken)
    {
        var objects = new List<LakeObjectInfo>();
        await foreach (var obj in _lake.ListObjectsAsync(ManifestKeys.DatePrefix(source, date), cancellationToken).ConfigureAwait(false))
        {
            objects.Add(obj);
        }
        // Feeds run's skip decision: the manifests themselves, never the index.
        return await ReadManyCoreAsync(objects, useIndex: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The latest manifest of a (source, date): the greatest LastModified over every page of its prefix.
    /// Ties (S3 keeps whole seconds) are broken by the manifest's ended_at, then by run_id, both greatest first;
    /// an unreadable manifest has no ended_at and loses a tie to a readable one. Null when the date has no manifest.
    /// Only the tied candidates are downloaded.
    /// </summary>
    public async Task<ManifestRead?> FindLatestAsync(string source, DateOnly date, CancellationToken cancellationToken)
    {
        var objects = new List<LakeObjectInfo>();
        await foreach (var obj in _lake.ListObjectsAsync(ManifestKeys.DatePrefix(source, date), cancellationToken).ConfigureAwait(false))
        {
            objects.Add(obj);
        }
        // The skip decision of run: the manifests themselves, never the index.
        return await PickLatestCoreAsync(objects, useIndex: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every manifest object of a source in one paginated listing, grouped by business date (objects outside the
    /// <c>ingest_date=</c> layout are ignored). Loads the source's newest ledger index alongside, for the reads that follow.
    /// </summary>
    public async Task<SortedDictionary<DateOnly, List<LakeObjectInfo>>> ListBySourceAsync(string source, CancellationToken cancellationToken)
    {
        var indexTask = _indexes.LoadNewestAsync(source, cancellationToken);
        SortedDictionary<DateOnly, List<LakeObjectInfo>> byDate;
        try
        {
            byDate = await ListManifestsAsync(source, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Never leave the index load running unobserved.
            await ((Task)indexTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        Adopt(source, await indexTask.ConfigureAwait(false), byDate);
        return byDate;
    }

    /// <summary>
    /// As <see cref="ListBySourceAsync"/> for several sources, listed concurrently. With <paramref name="loadIndexes"/> false the
    /// indexes are left for <see cref="LoadIndexAsync"/>, source by source, so that they are not all in memory at once.
    /// </summary>
    public async Task<Dictionary<string, SortedDictionary<DateOnly, List<LakeObjectInfo>>>> ListBySourcesAsync(
        IReadOnlyList<string> sources, CancellationToken cancellationToken, bool loadIndexes = true)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var listings = new SortedDictionary<DateOnly, List<LakeObjectInfo>>[sources.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, sources.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ListConcurrency, CancellationToken = cancellationToken },
            async (i, ct) => listings[i] = loadIndexes
                ? await ListBySourceAsync(sources[i], ct).ConfigureAwait(false)
                : await ListManifestsAsync(sources[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        var result = new Dictionary<string, SortedDictionary<DateOnly, List<LakeObjectInfo>>>(StringComparer.Ordinal);
        for (var i = 0; i < sources.Count; i++)
        {
            result[sources[i]] = listings[i];
        }
        return result;
    }

    /// <summary>Loads the source's newest ledger index for the reads of <paramref name="byDate"/> (a listing made without it).</summary>
    public async Task LoadIndexAsync(string source, SortedDictionary<DateOnly, List<LakeObjectInfo>> byDate, CancellationToken cancellationToken) =>
        Adopt(source, await _indexes.LoadNewestAsync(source, cancellationToken).ConfigureAwait(false), byDate);

    /// <summary>The manifest listing of a source alone, grouped by date, without the index.</summary>
    internal async Task<SortedDictionary<DateOnly, List<LakeObjectInfo>>> ListManifestsAsync(string source, CancellationToken cancellationToken)
    {
        var byDate = new SortedDictionary<DateOnly, List<LakeObjectInfo>>();
        var prefix = ManifestKeys.SourcePrefix(source);
        await foreach (var obj in _lake.ListObjectsAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            var rest = obj.Key[prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || ManifestKeys.DateOfPrefix(rest[..(slash + 1)]) is not { } date)
            {
                continue;
            }
            if (!byDate.TryGetValue(date, out var list))
            {
                byDate[date] = list = [];
            }
            list.Add(obj);
        }
        return byDate;
    }

    private void Adopt(string source, LedgerIndex? index, SortedDictionary<DateOnly, List<LakeObjectInfo>> byDate)
    {
        if (index is null)
        {
            _loaded.TryRemove(source, out _);
            return;
        }
        var listed = byDate.Values.SelectMany(o => o).ToList();
        var (covered, disagreeing) = index.Compare(listed);
        if (disagreeing > 0)
        {
            LedgerLog.IndexDisagrees(_logger, source, index.Info.Key, disagreeing);
        }
        LedgerLog.IndexUsed(_logger, source, index.Info.Key, covered, listed.Count);
        _loaded[source] = index;
    }

    /// <summary>
    /// A source's listing and the latest manifest of each of its dates from <paramref name="from"/> to <paramref name="to"/> (both
    /// optional), read together through the source's index, which is released afterwards.
    /// </summary>
    public async Task<(SortedDictionary<DateOnly, List<LakeObjectInfo>> Listing, SortedDictionary<DateOnly, ManifestRead> Latest)> LatestOfSourceAsync(
        string source, CancellationToken cancellationToken, DateOnly? from = null, DateOnly? to = null)
    {
        var byDate = await ListBySourceAsync(source, cancellationToken).ConfigureAwait(false);
        try
        {
            var inRange = byDate.Where(kv => (from is not { } first || kv.Key >= first) && (to is not { } last || kv.Key <= last));
            return (byDate, await LatestByDateAsync(inRange, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            Forget(source);
        }
    }

    /// <summary>Drops the index loaded for <paramref name="source"/> (its reads are done): memory stays bounded by the sources in flight.</summary>
    public void Forget(string source) => _loaded.TryRemove(source, out _);

    /// <summary>The latest of some manifest objects of one date, by the rule of <see cref="FindLatestAsync"/>; reads only the tied newest.</summary>
    public Task<ManifestRead?> PickLatestAsync(IReadOnlyList<LakeObjectInfo> objects, CancellationToken cancellationToken) =>
        PickLatestCoreAsync(objects, useIndex: true, cancellationToken);

    /// <summary>As <see cref="PickLatestAsync"/> for many dates at once: the reads of every date are in flight together.</summary>
    public async Task<SortedDictionary<DateOnly, ManifestRead>> LatestByDateAsync(
        IEnumerable<KeyValuePair<DateOnly, List<LakeObjectInfo>>> byDate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(byDate);
        var groups = byDate.Where(kv => kv.Value.Count > 0).ToList();
        var tied = groups.Select(kv => Tied(kv.Value)).ToList();
        var reads = await ResolveAsync(tied.SelectMany(t => t).ToList(), useIndex: true, cancellationToken).ConfigureAwait(false);
        var result = new SortedDictionary<DateOnly, ManifestRead>();
        var at = 0;
        for (var i = 0; i < groups.Count; i++)
        {
            result[groups[i].Key] = Best(reads.AsSpan(at, tied[i].Count));
            at += tied[i].Count;
        }
        return result;
    }

    /// <summary>Reads and classifies each object, newest first.</summary>
    public Task<IReadOnlyList<ManifestRead>> ReadManyAsync(IEnumerable<LakeObjectInfo> objects, CancellationToken cancellationToken) =>
        ReadManyCoreAsync(objects, useIndex: true, cancellationToken);

    /// <summary>As <see cref="ReadManyAsync"/> for several groups (dates) at once, each newest first, in the order given.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<ManifestRead>>> ReadGroupsAsync(
        IReadOnlyList<IReadOnlyList<LakeObjectInfo>> groups, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var reads = await ResolveAsync(groups.SelectMany(g => g).ToList(), useIndex: true, cancellationToken).ConfigureAwait(false);
        var result = new List<IReadOnlyList<ManifestRead>>(groups.Count);
        var at = 0;
        foreach (var group in groups)
        {
            var list = reads.AsSpan(at, group.Count).ToArray().ToList();
            list.Sort(NewestFirst);
            result.Add(list);
            at += group.Count;
        }
        return result;
    }

    private async Task<ManifestRead?> PickLatestCoreAsync(IReadOnlyList<LakeObjectInfo> objects, bool useIndex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objects);
        if (objects.Count == 0)
        {
            return null;
        }
        var reads = await ResolveAsync(Tied(objects), useIndex, cancellationToken).ConfigureAwait(false);
        return Best(reads);
    }

    private async Task<IReadOnlyList<ManifestRead>> ReadManyCoreAsync(IEnumerable<LakeObjectInfo> objects, bool useIndex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var reads = (await ResolveAsync(objects.ToList(), useIndex, cancellationToken).ConfigureAwait(false)).ToList();
        reads.Sort(NewestFirst);
        return reads;
    }

    /// <summary>The candidates for latest: the objects with the greatest LastModified (S3 keeps whole seconds, so several can tie).</summary>
    private static List<LakeObjectInfo> Tied(IReadOnlyList<LakeObjectInfo> objects)
    {
        var max = objects.Max(o => o.LastModified);
        return objects.Where(o => o.LastModified == max).ToList();
    }

    private ManifestRead Best(ReadOnlySpan<ManifestRead> tied)
    {
        ManifestRead? best = null;
        foreach (var read in tied)
        {
            if (best is null || NewestFirst(read, best) < 0)
            {
                best = read;
            }
        }
        // The seed's rule stands (greatest LastModified wins), but a clock ahead of ours keeps that manifest latest until then.
        var now = _time.GetUtcNow();
        if (best!.IsInFuture(now))
        {
            Log.ManifestInFuture(_logger, best.Key, ManifestFormat.FormatInstant(best.Info.LastModified), ManifestFormat.FormatInstant(now));
        }
        return best;
    }

    /// <summary>Reads every object, from the index when it covers it, else from the lake, at most <see cref="ReadConcurrency"/> at once.</summary>
    private async Task<ManifestRead[]> ResolveAsync(List<LakeObjectInfo> objects, bool useIndex, CancellationToken cancellationToken)
    {
        var reads = new ManifestRead[objects.Count];
        var fetch = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            if (useIndex && IndexedBody(objects[i]) is { } body)
            {
                reads[i] = Report(ManifestReader.Parse(objects[i], body));
            }
            else
            {
                fetch.Add(i);
            }
        }
        if (fetch.Count == 1)
        {
            reads[fetch[0]] = await ReadAsync(objects[fetch[0]], cancellationToken).ConfigureAwait(false);
        }
        else if (fetch.Count > 1)
        {
            await Parallel.ForEachAsync(fetch, new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken },
                async (i, ct) => reads[i] = await ReadAsync(objects[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        }
        return reads;
    }

    private byte[]? IndexedBody(LakeObjectInfo listed) =>
        IndexKeys.SourceOfManifestKey(listed.Key) is { } source && _loaded.TryGetValue(source, out var index) && index.TryGet(listed, out var body)
            ? body
            : null;

    /// <summary>Source names that have a <c>_manifests/source=NAME/</c> folder in the lake, ordinal order.</summary>
    public async Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken cancellationToken)
    {
        const string marker = ManifestKeys.Root + "source=";
        var names = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var prefix in _lake.ListCommonPrefixesAsync(ManifestKeys.Root, cancellationToken).ConfigureAwait(false))
        {
            if (prefix.StartsWith(marker, StringComparison.Ordinal) && prefix.EndsWith('/') && prefix.Length > marker.Length + 1)
            {
                names.Add(prefix[marker.Length..^1]);
            }
        }
        return names.ToList();
    }

    /// <summary>Every business date that has at least one manifest for <paramref name="source"/>, newest first.</summary>
    public async Task<IReadOnlyList<DateOnly>> ListDatesAsync(string source, CancellationToken cancellationToken)
    {
        var dates = new SortedSet<DateOnly>();
        await foreach (var prefix in _lake.ListCommonPrefixesAsync(ManifestKeys.SourcePrefix(source), cancellationToken).ConfigureAwait(false))
        {
            if (ManifestKeys.DateOfPrefix(prefix) is { } d)
            {
                dates.Add(d);
            }
        }
        return dates.Reverse().ToList();
    }

    /// <summary>
    /// The latest date whose latest manifest is a success, scanning dates newest first (the seed's
    /// discover_latest_successful_date); null when the source has none.
    /// </summary>
    public async Task<DateOnly?> FindLatestSuccessfulDateAsync(string source, CancellationToken cancellationToken)
    {
        foreach (var date in await ListDatesAsync(source, cancellationToken).ConfigureAwait(false))
        {
            var latest = await FindLatestAsync(source, date, cancellationToken).ConfigureAwait(false);
            if (latest is { IsSuccess: true })
            {
                return date;
            }
        }
        return null;
    }

    /// <summary>Ordering of manifests, newest first: LastModified, then ended_at, then run_id (ordinal), all descending.</summary>
    public static int NewestFirst(ManifestRead a, ManifestRead b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = b.Info.LastModified.CompareTo(a.Info.LastModified);
        if (c != 0)
        {
            return c;
        }
        c = Nullable.Compare(b.EndedAt, a.EndedAt);
        if (c != 0)
        {
            return c;
        }
        return string.CompareOrdinal(b.RunId, a.RunId);
    }

    private async Task<ManifestRead> ReadAsync(LakeObjectInfo info, CancellationToken cancellationToken) =>
        Report(await ManifestReader.ReadAsync(_lake, info, cancellationToken).ConfigureAwait(false));

    private ManifestRead Report(ManifestRead read)
    {
        if (!read.IsManifestKey)
        {
            Log.ManifestKeyForeign(_logger, read.Key);
        }
        switch (read.Outcome)
        {
            case ManifestReadOutcome.ReadFailed:
                Log.ManifestReadFailed(_logger, read.Key, read.Problem);
                break;
            case ManifestReadOutcome.DecodeFailed:
                Log.ManifestDecodeFailed(_logger, read.Key, read.Problem);
                break;
            case ManifestReadOutcome.NotObject:
                Log.ManifestNotObject(_logger, read.Key, read.Problem);
                break;
            case ManifestReadOutcome.StatusInvalid:
                Log.ManifestStatusInvalid(_logger, read.Key);
                break;
            default:
                break;
        }
        return read;
    }
}
