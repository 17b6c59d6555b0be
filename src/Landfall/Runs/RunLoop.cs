using Landfall.Diagnostics;
using Landfall.Layout;
using Landfall.Planning;
using static Landfall.RequestProperties;

namespace Landfall.Runs;

/// <summary>Runs what a <see cref="RunRequest"/> asks: one date, a range, or the next date(s) the manifests give.</summary>
internal sealed class RunLoop(Workspace workspace, IngestRunner runner, DatePlanner planner)
{
    public async Task<RunReport> RunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        Validate(request, workspace.LastCompleteDate());
        var sources = workspace.Select(request.Sources);
        RequestRules.NotBeforeStart(request.Date, Date, sources, workspace.ConfigFile);
        RequestRules.NotBeforeStart(request.From, From, sources, workspace.ConfigFile);
        var options = new RunOptions
        {
            Force = request.Force,
            Sources = request.Sources,
            Progress = request.Progress,
            AcceptSchema = request.AcceptSchema,
            AcceptExpectations = request.AcceptExpectations,
            AcceptedBy = request.AcceptedBy,
        };
        var results = new List<RunResult>();
        if (request.Date is { } one)
        {
            results.AddRange(await runner.RunDateAsync(one, options, cancellationToken).ConfigureAwait(false));
            return new RunReport(results, null);
        }
        if (request.From is { } first && request.To is { } last)
        {
            for (var day = first; day <= last && !cancellationToken.IsCancellationRequested; day = day.AddDays(1))
            {
                var dayResults = await runner.RunDateAsync(day, options, cancellationToken).ConfigureAwait(false);
                results.AddRange(dayResults);
                if (dayResults.Any(r => r.Status == RunStatus.Failed))
                {
                    break;
                }
            }
            return new RunReport(results, null);
        }
        if (request.RepairHoles ?? workspace.Schedule.RepairHoles)
        {
            await RepairAsync(sources, options, results, cancellationToken).ConfigureAwait(false);
        }
        DateOnly? previous = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var plan = await planner.NextAsync(sources, cancellationToken).ConfigureAwait(false);
            if (plan.NextDate is not { } next || next == previous)
            {
                Log.UpToDate(workspace.Logger, plan.Why);
                return new RunReport(results, plan.Why);
            }
            Log.DatePlanned(workspace.Logger, ManifestKeys.FormatDate(next), plan.Why);
            var dayResults = await runner.RunDateAsync(next, options, cancellationToken).ConfigureAwait(false);
            results.AddRange(dayResults);
            previous = next;
            // A failed or waiting date holds every later one back: dates never race ahead of a gap.
            if (!request.CatchUp || dayResults.Any(r => r.Status is RunStatus.Failed or RunStatus.Waiting))
            {
                break;
            }
        }
        return new RunReport(results, null);
    }

    /// <summary>
    /// Retries the holes behind the sources' latest successes, oldest first, each date only for the sources that have it as a hole,
    /// at most schedule.max_repairs_per_run. A repair that fails leaves the hole for the next run; it does not stop the run going
    /// forward, since forward dates do not depend on it.
    /// </summary>
    private async Task RepairAsync(IReadOnlyList<Sources.ISource> sources, RunOptions options, List<RunResult> results,
        CancellationToken cancellationToken)
    {
        var holes = (await planner.HolesAsync(sources, cancellationToken).ConfigureAwait(false)).Take(workspace.Schedule.MaxRepairsPerRun);
        foreach (var date in holes.GroupBy(h => h.Date))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            Log.HoleRepair(workspace.Logger, ManifestKeys.FormatDate(date.Key), string.Join(", ", date.Select(h => $"{h.Source} ({h.Reason})")));
            results.AddRange(await runner.RunDateAsync(date.Key, options with { Sources = [.. date.Select(h => h.Source)] }, cancellationToken)
                .ConfigureAwait(false));
        }
    }

    private static void Validate(RunRequest request, DateOnly lastComplete)
    {
        RequestRules.DateRangeOrCatchUp(request.Date, request.From, request.To, request.CatchUp);
        if (request.Force && request.Date is null && request.From is null)
        {
            throw new InvalidRequestException($"{Force} needs {Date} or {From}/{To}, so that a re-ingest is always deliberate.");
        }
        RequestRules.NotAfterLastComplete(request.Date ?? request.To, lastComplete);
        if ((request.AcceptSchema || request.AcceptExpectations) && (request.Date is null || request.Sources is not { Count: 1 }))
        {
            throw new InvalidRequestException(
                $"{(request.AcceptSchema ? nameof(RunRequest.AcceptSchema) : nameof(RunRequest.AcceptExpectations))} needs a Date and exactly one " +
                "source in Sources: accepting a change is one deliberate act, for one date of one source.");
        }
    }
}
