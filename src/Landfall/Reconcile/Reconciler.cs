using Landfall.Layout;
using Landfall.Planning;
using Landfall.Runs;
using Landfall.Sources;
using static Landfall.RequestProperties;

namespace Landfall.Reconcile;

/// <summary>
/// Finds what changed at the sources after dates succeeded: for each selected source and each date of its window whose latest manifest
/// is a success, what the source shows now against what that manifest recorded; with apply, re-ingests the dates that drifted.
/// Also the bounded pass <c>run</c> makes after its main work for sources with <c>reconcile.after_run: true</c>.
/// </summary>
internal sealed class Reconciler(Workspace workspace, IngestRunner runner, IReadOnlyDictionary<string, ReconcileSettings> settings)
{
    public async Task<ReconcileReport> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var lastComplete = workspace.LastCompleteDate();
        Validate(request, lastComplete);
        var sources = workspace.Select(request.Sources);
        var windows = new List<ReconcileWindow>();
        foreach (var source in sources)
        {
            var to = request.To ?? lastComplete;
            var from = request.From ?? to.AddDays(1 - (request.LookbackDays ?? SettingsOf(source).LookbackDays));
            if (from < source.StartDate)
            {
                from = source.StartDate;
            }
            if (from <= to)
            {
                windows.Add(new ReconcileWindow(source.Name, from, to));
            }
        }
        var perSource = new List<ReconcileResult>[windows.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, windows.Count),
            new ParallelOptions { MaxDegreeOfParallelism = workspace.Schedule.MaxParallelSources, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var window = windows[i];
                var source = sources.First(s => s.Name == window.Source);
                perSource[i] = await new SourceReconciler(workspace, runner, source)
                    .ReconcileAsync(Days(window.From, window.To), request.Apply, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return new ReconcileReport(windows, perSource.SelectMany(r => r).ToList(), request.Apply);
    }

    /// <summary>
    /// The pass <c>run</c> makes after its main work: for every selected source with <c>reconcile.after_run: true</c> whose own dates
    /// did not fail in this run, the newest <c>after_run_max_dates</c> dates of its window (the dates this run just ingested left out),
    /// compared and re-ingested when they drifted. Never throws for a source or lake failure, and never changes the run's own results:
    /// a failure is logged, and the re-ingests are returned to be shown with the run's results.
    /// </summary>
    public async Task<IReadOnlyList<RunResult>> AfterRunAsync(RunRequest request, RunReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(report);
        var logger = workspace.LoggerFactory.CreateLogger("Landfall.Reconcile");
        var reingests = new List<RunResult>();
        if (!request.Reconcile || cancellationToken.IsCancellationRequested)
        {
            return reingests;
        }
        var lastComplete = workspace.LastCompleteDate();
        foreach (var source in workspace.Select(request.Sources))
        {
            var own = report.Results.Where(r => r.Source == source.Name).ToList();
            var config = SettingsOf(source);
            if (!config.AfterRun || own.Any(r => r.Status == RunStatus.Failed))
            {
                continue;
            }
            var justIngested = own.Where(r => r.Status == RunStatus.Success).Select(r => r.IngestDate).ToHashSet();
            var from = Max(source.StartDate, lastComplete.AddDays(1 - config.LookbackDays));
            var dates = Days(from, lastComplete).Where(d => !justIngested.Contains(d)).OrderDescending().Take(config.AfterRunMaxDates).ToList();
            try
            {
                var results = await new SourceReconciler(workspace, runner, source).ReconcileAsync(dates, apply: true, cancellationToken)
                    .ConfigureAwait(false);
                reingests.AddRange(results.Where(r => r.Reingest is not null).Select(r => r.Reingest!));
            }
            catch (Exception e) when (e is not OperationCanceledException && Failures.IsRecordable(e))
            {
                ReconcileLog.AfterRunFailed(logger, source.Name, e.Message, Failures.Detail(e));
            }
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }
        return reingests;
    }

    private ReconcileSettings SettingsOf(ISource source) =>
        settings.TryGetValue(source.Name, out var s) ? s : ReconcileSettings.Default;

    private static void Validate(ReconcileRequest request, DateOnly lastComplete)
    {
        if (request.LookbackDays is not null && (request.From is not null || request.To is not null))
        {
            throw new InvalidRequestException($"{LookbackDays} and {From}/{To} are alternatives; give one of them.");
        }
        if ((request.From is null) != (request.To is null))
        {
            throw new InvalidRequestException($"{From} and {To} go together.");
        }
        var bounds = ReconcileSettings.LookbackDaysSetting;
        if (request.LookbackDays is { } n && (n < bounds.Min || n > bounds.Max))
        {
            throw new InvalidRequestException($"{LookbackDays} {n} is out of range; give a number of days from {bounds.Min} to {bounds.Max}.");
        }
        RequestRules.Range(request.From, request.To);
        if (request.To is { } to && to > lastComplete)
        {
            throw new InvalidRequestException(
                $"{To} {ManifestKeys.FormatDate(to)} is after the last complete business date {ManifestKeys.FormatDate(lastComplete)} " +
                "(today minus schedule.lag_days); a day that is not over has nothing to reconcile.");
        }
    }

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            yield return d;
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
