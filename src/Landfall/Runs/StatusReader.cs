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
            DateOnly? completeThrough = null;
            for (var d = source.StartDate; latestByDate.TryGetValue(d, out var m) && m.IsSuccess; d = d.AddDays(1))
            {
                completeThrough = d;
            }
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
        return statuses.Count == 0 || statuses.Any(s => s.CompleteThrough is null) ? null : statuses.Min(s => s.CompleteThrough);
    }

    /// <summary>A manifest as a one-line summary.</summary>
    public static RunSummary Summarise(ManifestRead m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var date = ManifestKeys.DateOfPrefix(m.Key) is { } d ? ManifestKeys.FormatDate(d) : m.GetString("ingest_date") ?? "?";
        return new RunSummary(date, m.RunId, m.FailureReason ?? m.Status ?? "?", m.StartedAt, m.EndedAt, m.Key);
    }
}
