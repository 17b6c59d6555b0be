using Landfall.Layout;
using Landfall.Manifests;
using Landfall.Planning;

namespace Landfall.Status;

/// <summary>Computes status from the manifests: per source, and the lake-wide complete-through date downstream jobs read.</summary>
internal sealed class StatusReader(Workspace workspace)
{
    /// <summary>Status of every selected source, and the lake-wide complete-through date.</summary>
    public async Task<StatusReport> ReadAsync(StatusRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sources = workspace.Select(request.Sources);
        var lastComplete = workspace.LastCompleteDate();
        var now = workspace.Time.GetUtcNow();
        // Sources in parallel, each listed, read and released in turn: its index is held only while its dates are read.
        var result = new SourceStatus[sources.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, sources.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Tuning.SourceListings, CancellationToken = cancellationToken },
            async (i, ct) => result[i] = await ReadSourceAsync(sources[i], lastComplete, now, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return new StatusReport(workspace.Env, workspace.Lake.Description, LakeCompleteThrough(result), lastComplete, result)
        {
            Alerts = [.. Alerts(result), .. ContractMarks.Alerts(result, lastComplete)],
        };
    }

    private async Task<SourceStatus> ReadSourceAsync(Sources.ISource source, DateOnly lastComplete, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ledger = await workspace.Ledger.ListAsync(source.Name, withIndex: true, cancellationToken).ConfigureAwait(false);
        var latestByDate = await workspace.Ledger.LatestByDateAsync(ledger, cancellationToken).ConfigureAwait(false);
        var latestSuccess = DatePlanner.LatestSuccess(latestByDate);
        var next = latestSuccess?.AddDays(1) is { } after && after > source.StartDate ? after : source.StartDate;
        var completeThrough = CompleteThrough(source.StartDate, latestByDate);
        var lastRun = latestByDate.Values.Count == 0 ? null : latestByDate.Values
            .OrderByDescending(m => m.Info.LastModified).ThenByDescending(m => m.EndedAt).ThenByDescending(m => m.RunId, StringComparer.Ordinal)
            .First();
        return new SourceStatus
        {
            Source = source.Name,
            Kind = source.Kind,
            StartDate = source.StartDate,
            LatestSuccessfulDate = latestSuccess,
            NextDate = next,
            DaysBehind = Math.Max(0, lastComplete.DayNumber - next.DayNumber + 1),
            CompleteThrough = completeThrough,
            LastRun = lastRun is null ? null : Summarise(lastRun),
            FailedDates = latestByDate.Where(kv => !kv.Value.IsSuccess).Select(kv => kv.Key).ToList(),
            ManifestsInFuture = latestByDate.Values.Where(m => m.IsInFuture(now)).Select(m => m.Key).ToList(),
            ForeignObjects = ledger.Objects.Where(o => !ManifestKeys.IsManifestName(o.Key)).Select(o => o.Key).ToList(),
            Holes = [.. DatePlanner.Holes(source.StartDate, latestSuccess, latestByDate)],
            LateDates = latestByDate.Where(kv => IsLate(kv.Value)).Select(kv => kv.Key).ToList(),
            ContractFailedDates = latestByDate.Where(kv => ContractMarks.Failed(kv.Value)).Select(kv => kv.Key).ToList(),
            WarnedDates = latestByDate.Where(kv => ContractMarks.Warned(kv.Value)).Select(kv => kv.Key).ToList(),
            Freshness = FreshnessOf(workspace.PolicyOf(source.Name), completeThrough?.AddDays(1) ?? source.StartDate, now),
        };
    }

    /// <summary>Whether a date's latest manifest records that its data was late.</summary>
    internal static bool IsLate(ManifestRead latest) =>
        latest is { IsSuccess: false, Status: ManifestStatus.Failed } && latest.Errors.Any(e => e.Type == "late");

    private Freshness FreshnessOf(SourcePolicy policy, DateOnly firstIncomplete, DateTimeOffset now)
    {
        var since = SourcePolicy.StartOf(firstIncomplete, workspace.Schedule.TimeZone);
        var age = now - since;
        var status = policy.FreshnessWarnAfter is null && policy.FreshnessErrorAfter is null ? FreshnessStatus.None
            : age > policy.FreshnessErrorAfter ? FreshnessStatus.Error
            : age > policy.FreshnessWarnAfter ? FreshnessStatus.Warn
            : FreshnessStatus.Ok;
        return new Freshness(status, since, Math.Round(age.TotalHours, 2), policy.FreshnessWarnAfter?.TotalHours, policy.FreshnessErrorAfter?.TotalHours);
    }

    private static List<StatusAlert> Alerts(IEnumerable<SourceStatus> statuses)
    {
        var alerts = new List<StatusAlert>();
        foreach (var s in statuses)
        {
            if (s.Freshness.Status is FreshnessStatus.Error or FreshnessStatus.Warn)
            {
                var limit = s.Freshness.Status == FreshnessStatus.Error ? s.Freshness.ErrorAfterHours : s.Freshness.WarnAfterHours;
                alerts.Add(new StatusAlert(s.Source, s.Freshness.Status == FreshnessStatus.Error ? AlertLevel.Error : AlertLevel.Warning, AlertKind.Freshness,
                    $"complete through {(s.CompleteThrough is { } c ? ManifestKeys.FormatDate(c) : "nothing")}: the newest complete date ended " +
                    $"{s.Freshness.AgeHours:0.#} h ago, past {(s.Freshness.Status == FreshnessStatus.Error ? "error_after" : "warn_after")} ({limit:0.#} h)"));
            }
            if (s.LateDates.Count > 0)
            {
                alerts.Add(new StatusAlert(s.Source, AlertLevel.Error, AlertKind.Late,
                    $"{s.LateDates.Count} late date(s): {string.Join(", ", s.LateDates.Take(5).Select(ManifestKeys.FormatDate))}" +
                    (s.LateDates.Count > 5 ? ", ..." : "") + " (their data was not there by the source's expected_by)"));
            }
        }
        return alerts;
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
        var date = ManifestKeys.DateOfPrefix(m.Key) ?? ManifestKeys.ParseDate(m.GetString("ingest_date"));
        return new RunSummary(date, m.RunId, m.State, m.StartedAt, m.EndedAt, m.Key);
    }
}
