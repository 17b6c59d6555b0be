using Landfall.Layout;
using Landfall.Manifests;
using Landfall.Sources;

namespace Landfall.Planning;

/// <summary>Which date <c>run</c> ingests next, and what it would do for a date, from the manifests alone.</summary>
internal sealed class DatePlanner(Workspace workspace)
{
    /// <summary>
    /// The next business date: the minimum over sources of (latest successful date + 1, or start_date), unless that is after the
    /// last complete date.
    /// </summary>
    public async Task<DatePlan> NextAsync(IReadOnlyList<ISource> sources, CancellationToken cancellationToken)
    {
        var progress = new List<SourceProgress>();
        foreach (var source in sources)
        {
            var latest = await workspace.Manifests.LatestSuccessfulDateAsync(source.Name, cancellationToken).ConfigureAwait(false);
            // Nothing before start_date is ever due, even when history reaches back further (a start_date moved later).
            var due = latest?.AddDays(1) is { } after && after > source.StartDate ? after : source.StartDate;
            progress.Add(new SourceProgress(source.Name, latest, due));
        }
        var lastComplete = workspace.LastCompleteDate();
        var lagging = progress.MinBy(p => p.NextDate)!;
        var next = lagging.NextDate;
        var because = lagging.LatestSuccessfulDate is { } d
            ? $"source '{lagging.Source}' is the furthest behind, latest success {ManifestKeys.FormatDate(d)}"
            : $"source '{lagging.Source}' has no successful date yet and starts at {ManifestKeys.FormatDate(next)}";
        if (next > lastComplete)
        {
            var schedule = workspace.Schedule;
            var last = $"the last complete business date is {ManifestKeys.FormatDate(lastComplete)} (today in {schedule.TimeZone.Id} " +
                $"minus {schedule.LagDays} day(s))";
            // A source that has never succeeded and starts after the last complete date is not "complete" through anything.
            return new DatePlan(null, lastComplete, progress, lagging.LatestSuccessfulDate is null
                ? $"nothing to do before {ManifestKeys.FormatDate(next)}, the start_date of source '{lagging.Source}'; {last}"
                : $"every source is complete through {ManifestKeys.FormatDate(next.AddDays(-1))}; {last}");
        }
        return new DatePlan(next, lastComplete, progress, because);
    }

    /// <summary>The next business date and, per source, what a run would do on the date asked (or on that next date).</summary>
    public async Task<PlanResult> PlanAsync(PlanRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sources = workspace.Select(request.Sources);
        // The same rules as run: a plan never says "ingest" for a date run would refuse.
        RequestRules.NotAfterLastComplete(request.Date, workspace.LastCompleteDate());
        RequestRules.NotBeforeStart(request.Date, RequestProperties.Date, sources, workspace.ConfigFile);
        var plan = await NextAsync(sources, cancellationToken).ConfigureAwait(false);
        var target = request.Date ?? plan.NextDate;
        var decisions = target is { } t ? await DecideAsync(t, sources, force: false, cancellationToken).ConfigureAwait(false) : [];
        var repairs = request.Date is null && request.From is null && (request.RepairHoles ?? workspace.Schedule.RepairHoles)
            ? (await HolesAsync(sources, cancellationToken).ConfigureAwait(false)).Take(workspace.Schedule.MaxRepairsPerRun).ToList()
            : [];
        var rows = plan.Sources.Select(p =>
        {
            var d = decisions.FirstOrDefault(x => x.Source.Name == p.Source).Decision;
            return new SourcePlan(p.Source, p.LatestSuccessfulDate, p.NextDate, d is null ? PlanAction.None : d.Ingest ? PlanAction.Ingest : PlanAction.Skip, d?.Reason,
                d?.Latest?.Key);
        }).ToList();
        return new PlanResult(target, plan.LastCompleteDate, plan.Why, rows) { Repairs = repairs };
    }

    /// <summary>
    /// The holes of the given sources, oldest first: dates from a source's start_date up to its latest success whose latest manifest
    /// is not a success (failed, cancelled, unreadable) or that have none while later dates do. The seed's resume never looks behind
    /// the latest success, so without repair such a date stays missing (and complete_through stays before it) until a person notices.
    /// </summary>
    public async Task<IReadOnlyList<HoleRepair>> HolesAsync(IReadOnlyList<ISource> sources, CancellationToken cancellationToken)
    {
        // Sources in parallel, each listed, read and released in turn.
        var perSource = new List<HoleRepair>[sources.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, sources.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Tuning.SourceListings, CancellationToken = cancellationToken },
            async (i, ct) => perSource[i] = await HolesOfAsync(sources[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return perSource.SelectMany(h => h).OrderBy(h => h.Date).ThenBy(h => h.Source, StringComparer.Ordinal).ToList();
    }

    private async Task<List<HoleRepair>> HolesOfAsync(ISource source, CancellationToken cancellationToken)
    {
        // A read-side scan: it may take manifests from the ledger index. Each hole it names is then decided by run's own read.
        var latestByDate = await workspace.Ledger.LatestByDateAsync(
            await workspace.Ledger.ListAsync(source.Name, withIndex: true, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return [.. Holes(source.StartDate, LatestSuccess(latestByDate), latestByDate).Select(d => new HoleRepair(source.Name, d,
            latestByDate.TryGetValue(d, out var latest) ? IngestDecision.From(latest, force: false).Reason : "never_ingested"))];
    }

    /// <summary>The newest date whose latest manifest is a success; null when none is.</summary>
    internal static DateOnly? LatestSuccess(IReadOnlyDictionary<DateOnly, ManifestRead> latestByDate) =>
        latestByDate.Where(kv => kv.Value.IsSuccess).Select(kv => (DateOnly?)kv.Key).Max();

    /// <summary>Dates from the start date up to the latest success whose latest manifest is not a success, or that have none.</summary>
    internal static IEnumerable<DateOnly> Holes(DateOnly startDate, DateOnly? latestSuccess, IReadOnlyDictionary<DateOnly, ManifestRead> latestByDate)
    {
        for (var d = startDate; d < latestSuccess; d = d.AddDays(1))
        {
            if (!latestByDate.TryGetValue(d, out var latest) || !latest.IsSuccess)
            {
                yield return d;
            }
        }
    }

    /// <summary>Decides, for every given source, whether <paramref name="date"/> would be ingested, without touching any source.</summary>
    public async Task<IReadOnlyList<(ISource Source, IngestDecision Decision)>> DecideAsync(
        DateOnly date, IReadOnlyList<ISource> sources, bool force, CancellationToken cancellationToken)
    {
        var decisions = new List<(ISource, IngestDecision)>();
        foreach (var source in sources)
        {
            var latest = await workspace.Manifests.LatestAsync(source.Name, date, cancellationToken).ConfigureAwait(false);
            decisions.Add((source, IngestDecision.From(latest, force)));
        }
        return decisions;
    }
}
