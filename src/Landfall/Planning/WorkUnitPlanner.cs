using Landfall.Manifests;
using Landfall.Sources;

namespace Landfall.Planning;

/// <summary>
/// The plan an orchestrator fans out: the <see cref="DatePlanner"/>'s answer plus one <see cref="WorkUnit"/> per (source, date)
/// that <c>run</c> with the same options would visit. Reads manifests only.
/// </summary>
internal sealed class WorkUnitPlanner(Workspace workspace, DatePlanner planner)
{
    /// <summary>Validates the request as <c>run</c> would, then plans it.</summary>
    public async Task<PlanResult> PlanAsync(PlanRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestRules.DateRangeOrCatchUp(request.Date, request.From, request.To, request.CatchUp);
        RequestRules.NotAfterLastComplete(request.Date ?? request.To, workspace.LastCompleteDate());
        var sources = workspace.Select(request.Sources);
        var plan = await planner.PlanAsync(request with { CatchUp = false, To = null }, cancellationToken).ConfigureAwait(false);
        if (request.From is { } from && request.To is { } to)
        {
            var dates = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays).ToList();
            return plan with { Units = await DecideAsync(sources, dates, cancellationToken).ConfigureAwait(false) };
        }
        if (request.CatchUp)
        {
            var forward = await DecideAsync(sources, CatchUpDates(plan), cancellationToken).ConfigureAwait(false);
            return plan with { Units = WithRepairs(plan.Repairs, forward, sources) };
        }
        // One date: the decisions are already in the plan's rows.
        var units = plan.Date is { } date ? plan.Sources.Select(s => new WorkUnit(s.Source, date, s.Action, s.Reason!)).ToList() : [];
        return plan with { Units = WithRepairs(plan.Repairs, units, sources) };
    }

    /// <summary>
    /// The hole repairs a run makes before going forward, as units of their own, merged in date then config order (a hole at a date
    /// the forward units reach already is one of them).
    /// </summary>
    private static List<WorkUnit> WithRepairs(IReadOnlyList<HoleRepair> repairs, IReadOnlyList<WorkUnit> forward, IReadOnlyList<ISource> sources)
    {
        var order = sources.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var seen = forward.Select(u => (u.Source, u.Date)).ToHashSet();
        return [.. forward
            .Concat(repairs.Where(r => !seen.Contains((r.Source, r.Date))).Select(r => new WorkUnit(r.Source, r.Date, PlanAction.Ingest, r.Reason)))
            .OrderBy(u => u.Date).ThenBy(u => order[u.Source])];
    }

    /// <summary>
    /// The dates <c>run --catch-up</c> visits if every one succeeds: the minimum over sources of (latest success + 1), run for every
    /// source, again and again up to the last complete date. A date no source lags behind is not visited, as in the run.
    /// </summary>
    private static IEnumerable<DateOnly> CatchUpDates(PlanResult plan)
    {
        var next = plan.Sources.ToDictionary(s => s.Source, s => s.NextDate, StringComparer.Ordinal);
        while (next.Count > 0)
        {
            var date = next.Values.Min();
            if (date > plan.LastCompleteDate)
            {
                yield break;
            }
            yield return date;
            foreach (var source in next.Keys.ToList())
            {
                if (next[source] <= date)
                {
                    next[source] = date.AddDays(1);
                }
            }
        }
    }

    /// <summary>
    /// The unit of every source on every date, in date then config order, from one manifest listing per source (and one read per
    /// date that has manifests).
    /// </summary>
    private async Task<IReadOnlyList<WorkUnit>> DecideAsync(IReadOnlyList<ISource> sources, IEnumerable<DateOnly> dates,
        CancellationToken cancellationToken)
    {
        var dateList = dates.ToList();
        var wanted = dateList.ToHashSet();
        // Sources a few at a time, each listed, read and let go: its index is held only while its dates are read.
        var manifests = new SortedDictionary<DateOnly, ManifestRead>[sources.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, sources.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Tuning.SourceListings, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var ledger = await workspace.Ledger.ListAsync(sources[i].Name, withIndex: true, ct).ConfigureAwait(false);
                manifests[i] = await workspace.Ledger.LatestByDateAsync(ledger, ledger.Dates.Where(kv => wanted.Contains(kv.Key)), ct)
                    .ConfigureAwait(false);
            }).ConfigureAwait(false);
        var units = new List<WorkUnit>();
        foreach (var date in dateList)
        {
            for (var i = 0; i < sources.Count; i++)
            {
                var source = sources[i];
                var latest = manifests[i].GetValueOrDefault(date);
                var decision = IngestDecision.From(latest, force: false);
                units.Add(new WorkUnit(source.Name, date, decision.Ingest ? PlanAction.Ingest : PlanAction.Skip, decision.Reason));
            }
        }
        return units;
    }
}
