using Landfall.Config;
using Landfall.Manifests;

namespace Landfall.Runs;

/// <summary>Computes status from the manifests: per source, and the lake-wide complete-through date downstream jobs read.</summary>
public sealed class StatusReader
{
    private readonly LandfallConfig _config;
    private readonly ManifestStore _store;
    private readonly DateOnly _lastComplete;

    /// <summary>Creates a reader; <paramref name="lastCompleteDate"/> is today minus the lag.</summary>
    public StatusReader(LandfallConfig config, ManifestStore store, DateOnly lastCompleteDate)
    {
        _config = config;
        _store = store;
        _lastComplete = lastCompleteDate;
    }

    /// <summary>Status of every selected source.</summary>
    public async Task<IReadOnlyList<SourceStatus>> ReadAsync(IReadOnlyCollection<string>? sources, CancellationToken cancellationToken)
    {
        var result = new List<SourceStatus>();
        foreach (var source in _config.Sources.Where(s => sources is null || sources.Count == 0 || sources.Contains(s.Name)))
        {
            var byDate = await _store.ListBySourceAsync(source.Name, cancellationToken).ConfigureAwait(false);
            var latestByDate = new SortedDictionary<DateOnly, ManifestRead>();
            foreach (var (date, objects) in byDate)
            {
                latestByDate[date] = (await _store.PickLatestAsync(objects, cancellationToken).ConfigureAwait(false))!;
            }
            DateOnly? latestSuccess = latestByDate.Where(kv => kv.Value.IsSuccess).Select(kv => (DateOnly?)kv.Key).LastOrDefault();
            var next = latestSuccess?.AddDays(1) ?? source.StartDate;
            var completeThrough = CompleteThrough(source.StartDate, latestByDate);
            var lastRun = latestByDate.Values.Count == 0 ? null : latestByDate.Values
                .OrderByDescending(m => m.Info.LastModified).ThenByDescending(m => m.EndedAt).ThenByDescending(m => m.RunId, StringComparer.Ordinal)
                .First();
            result.Add(new SourceStatus
            {
                Source = source.Name,
                Kind = source.Kind,
                StartDate = source.StartDate,
                LatestSuccessfulDate = latestSuccess,
                NextDate = next,
                DaysBehind = Math.Max(0, _lastComplete.DayNumber - next.DayNumber + 1),
                CompleteThrough = completeThrough,
                LastRun = lastRun is null ? null : Summarise(lastRun),
                FailedDates = latestByDate.Where(kv => !kv.Value.IsSuccess).Select(kv => kv.Key).ToList(),
            });
        }
        return result;
    }

    /// <summary>The last date every source is complete through (min over sources), or null when one has none.</summary>
    public static DateOnly? LakeCompleteThrough(IReadOnlyList<SourceStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        return LakeCompleteThrough(statuses.Select(s => s.CompleteThrough).ToList());
    }

    /// <summary>The minimum of the sources' complete-through dates, or null when there is none or one of them is null.</summary>
    public static DateOnly? LakeCompleteThrough(IReadOnlyList<DateOnly?> completeThroughBySource)
    {
        ArgumentNullException.ThrowIfNull(completeThroughBySource);
        return completeThroughBySource.Count == 0 || completeThroughBySource.Any(d => d is null) ? null : completeThroughBySource.Min();
    }

    /// <summary>
    /// The last date D such that every date from <paramref name="startDate"/> through D has a latest manifest that is a
    /// success (no gap, no failed or unreadable date before it); null when the start date itself is not done.
    /// </summary>
    public static DateOnly? CompleteThrough(DateOnly startDate, IReadOnlyDictionary<DateOnly, ManifestRead> latestByDate)
    {
        ArgumentNullException.ThrowIfNull(latestByDate);
        DateOnly? completeThrough = null;
        for (var d = startDate; latestByDate.TryGetValue(d, out var m) && m.IsSuccess; d = d.AddDays(1))
        {
            completeThrough = d;
        }
        return completeThrough;
    }

    /// <summary>A manifest as a one-line summary.</summary>
    public static RunSummary Summarise(ManifestRead m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var date = ManifestKeys.DateOfPrefix(m.Key) is { } d ? ManifestKeys.FormatDate(d) : m.GetString("ingest_date") ?? "?";
        return new RunSummary(date, m.RunId, m.FailureReason ?? m.Status ?? "?", m.StartedAt, m.EndedAt, m.Key);
    }
}
