using Landfall.Diagnostics;
using Landfall.Lake;
using Microsoft.Extensions.Logging;

namespace Landfall.Manifests;

/// <summary>
/// Reads manifests without ever trusting them (<see cref="ManifestParser"/>): many at once, each unreadable one logged by its
/// reason. <see cref="LatestAsync"/>, <see cref="AllAsync"/> and <see cref="LatestSuccessfulDateAsync"/> are the reads that decide
/// whether <c>run</c> skips a date and which date it takes next: they always read the manifests themselves, never a ledger index.
/// </summary>
/// Every read is bounded by <paramref name="maxManifestBytes"/> (schedule.max_manifest_mib): a larger object is never read
/// (<c>manifest_too_large</c>).
internal sealed class ManifestReads(ManifestCatalog catalog, ILogger logger, TimeProvider time, long maxManifestBytes = ManifestParser.DefaultMaxManifestBytes)
{
    /// <summary>The largest manifest read.</summary>
    public long MaxManifestBytes => maxManifestBytes;

    /// <summary>Where the manifests are listed.</summary>
    public ManifestCatalog Catalog => catalog;

    /// <summary>
    /// Reads every object, in the order given: an object whose bytes <paramref name="known"/> holds at its position (a ledger index
    /// that covers it) is parsed from them, the rest are read from the lake, <see cref="Tuning.ManifestReads"/> at once.
    /// </summary>
    public async Task<ManifestRead[]> ReadAsync(IReadOnlyList<LakeObjectInfo> objects, IReadOnlyList<byte[]?>? known,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var reads = new ManifestRead[objects.Count];
        var fetch = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            if (known?[i] is { } body)
            {
                reads[i] = Report(objects[i].Size > maxManifestBytes || body.LongLength > maxManifestBytes
                    ? ManifestParser.TooLarge(objects[i], Math.Max(objects[i].Size, body.LongLength), maxManifestBytes)
                    : ManifestParser.Parse(objects[i], body));
            }
            else
            {
                fetch.Add(i);
            }
        }
        if (fetch.Count == 1)
        {
            reads[fetch[0]] = await FetchAsync(objects[fetch[0]], cancellationToken).ConfigureAwait(false);
        }
        else if (fetch.Count > 1)
        {
            await Parallel.ForEachAsync(fetch, new ParallelOptions { MaxDegreeOfParallelism = Tuning.ManifestReads, CancellationToken = cancellationToken },
                async (i, ct) => reads[i] = await FetchAsync(objects[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        }
        return reads;
    }

    /// <summary>
    /// The latest of some reads of one date by <see cref="LatestManifest"/>'s rule. The seed's rule stands, but a manifest whose
    /// LastModified is ahead of this host's clock stays the latest until then: that is logged.
    /// </summary>
    public ManifestRead Latest(ReadOnlySpan<ManifestRead> reads)
    {
        var best = LatestManifest.Pick(reads);
        var now = time.GetUtcNow();
        if (best.IsInFuture(now))
        {
            Log.ManifestInFuture(logger, best.Key, ManifestFormat.FormatInstant(best.Info.LastModified), ManifestFormat.FormatInstant(now));
        }
        return best;
    }

    /// <summary>
    /// The latest manifest of a (source, date), from every page of its prefix; only the candidates (the greatest LastModified) are
    /// read. Null when the date has no manifest. The skip decision of <c>run</c>: never an index.
    /// </summary>
    public async Task<ManifestRead?> LatestAsync(string source, DateOnly date, CancellationToken cancellationToken)
    {
        var objects = await catalog.ListDateAsync(source, date, cancellationToken).ConfigureAwait(false);
        if (objects.Count == 0)
        {
            return null;
        }
        return Latest(await ReadAsync(LatestManifest.Candidates(objects), known: null, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Every manifest object of a (source, date), newest first by the rule of <see cref="LatestAsync"/>; unreadable ones included and logged.</summary>
    public async Task<IReadOnlyList<ManifestRead>> AllAsync(string source, DateOnly date, CancellationToken cancellationToken)
    {
        var objects = await catalog.ListDateAsync(source, date, cancellationToken).ConfigureAwait(false);
        var reads = (await ReadAsync(objects, known: null, cancellationToken).ConfigureAwait(false)).ToList();
        reads.Sort(LatestManifest.NewestFirst);
        return reads;
    }

    /// <summary>
    /// The latest date whose latest manifest is a success, scanning dates newest first (the seed's discover_latest_successful_date);
    /// null when the source has none.
    /// </summary>
    public async Task<DateOnly?> LatestSuccessfulDateAsync(string source, CancellationToken cancellationToken)
    {
        foreach (var date in await catalog.ListDatesAsync(source, cancellationToken).ConfigureAwait(false))
        {
            if (await LatestAsync(source, date, cancellationToken).ConfigureAwait(false) is { IsSuccess: true })
            {
                return date;
            }
        }
        return null;
    }

    private async Task<ManifestRead> FetchAsync(LakeObjectInfo info, CancellationToken cancellationToken) =>
        Report(await ManifestParser.ReadAsync(catalog.Lake, info, maxManifestBytes, cancellationToken).ConfigureAwait(false));

    private ManifestRead Report(ManifestRead read)
    {
        if (!read.IsManifestKey)
        {
            Log.ManifestKeyForeign(logger, read.Key);
        }
        switch (read.Outcome)
        {
            case ManifestReadOutcome.ReadFailed:
                Log.ManifestReadFailed(logger, read.Key, read.Problem);
                break;
            case ManifestReadOutcome.TooLarge:
                Log.ManifestTooLarge(logger, read.Key, read.Problem);
                break;
            case ManifestReadOutcome.DecodeFailed:
                Log.ManifestDecodeFailed(logger, read.Key, read.Problem);
                break;
            case ManifestReadOutcome.NotObject:
                Log.ManifestNotObject(logger, read.Key, read.Problem);
                break;
            case ManifestReadOutcome.StatusInvalid:
                Log.ManifestStatusInvalid(logger, read.Key);
                break;
            default:
                break;
        }
        return read;
    }
}
