using Landfall.Diagnostics;
using Landfall.Lake;
using Landfall.Layout;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Landfall.Manifests;

/// <summary>
/// The manifest protocol over a lake: write a run's manifest to its own key, find the latest manifest of a date,
/// discover the dates of a source. Never deletes, never overwrites.
/// </summary>
internal sealed class ManifestStore
{
    private readonly ILake _lake;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates a store over <paramref name="lake"/>.</summary>
    public ManifestStore(ILake lake, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(lake);
        _lake = lake;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

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
        return await ReadManyAsync(objects, cancellationToken).ConfigureAwait(false);
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
        return await PickLatestAsync(objects, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every manifest object of a source in one paginated listing, grouped by business date (objects outside the
    /// <c>ingest_date=</c> layout are ignored).
    /// </summary>
    public async Task<SortedDictionary<DateOnly, List<LakeObjectInfo>>> ListBySourceAsync(string source, CancellationToken cancellationToken)
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

    /// <summary>The latest of some manifest objects of one date, by the rule of <see cref="FindLatestAsync"/>; reads only the tied newest.</summary>
    public async Task<ManifestRead?> PickLatestAsync(IReadOnlyList<LakeObjectInfo> objects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objects);
        if (objects.Count == 0)
        {
            return null;
        }
        var max = objects.Max(o => o.LastModified);
        ManifestRead? best = null;
        foreach (var candidate in objects.Where(o => o.LastModified == max))
        {
            var read = await ReadAsync(candidate, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Reads and classifies each object, newest first.</summary>
    public async Task<IReadOnlyList<ManifestRead>> ReadManyAsync(IEnumerable<LakeObjectInfo> objects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var reads = new List<ManifestRead>();
        foreach (var obj in objects)
        {
            reads.Add(await ReadAsync(obj, cancellationToken).ConfigureAwait(false));
        }
        reads.Sort(NewestFirst);
        return reads;
    }

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

    private async Task<ManifestRead> ReadAsync(LakeObjectInfo info, CancellationToken cancellationToken)
    {
        var read = await ManifestReader.ReadAsync(_lake, info, cancellationToken).ConfigureAwait(false);
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
