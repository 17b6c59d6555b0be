using System.Diagnostics;
using System.Reflection;
using Landfall.Claims;
using Landfall.Config;
using Landfall.Diagnostics;
using Landfall.Lake;
using Landfall.Manifests;
using Landfall.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Landfall.Runs;

/// <summary>
/// Runs business dates: for each source, the manifest check, then every entity into its run-namespaced bronze prefix,
/// then the manifest. Entities of a source run in order and stop at the first failure (the whole date is redone anyway);
/// sources of one date run concurrently up to the schedule's limit.
/// </summary>
public sealed class IngestRunner
{
    /// <summary>How long a run may take to record its failed manifest after cancellation.</summary>
    private static readonly TimeSpan FinalWriteTimeout = TimeSpan.FromSeconds(30);

    private readonly LandfallConfig _config;
    private readonly ManifestStore _store;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ClaimStore _claims;

    /// <summary>Creates a runner.</summary>
    public IngestRunner(LandfallConfig config, ILake lake, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(lake);
        _config = config;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Landfall");
        _store = new ManifestStore(lake, _logger);
        _time = time ?? TimeProvider.System;
        _claims = new ClaimStore(lake, _time, config.Schedule.Claims, _logger);
    }

    /// <summary>The manifest store over the lake.</summary>
    public ManifestStore Store => _store;

    /// <summary>
    /// The Landfall version written into manifests and printed by <c>landfall --version</c>: the package version and, after a
    /// '+', the commit it was built from, so an auditor can tell exactly which build wrote a manifest.
    /// </summary>
    public static string Version { get; } =
        typeof(IngestRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Today in the schedule's time zone minus the lag: the newest business date that is complete.</summary>
    public DateOnly LastCompleteDate()
    {
        var local = TimeZoneInfo.ConvertTime(_time.GetUtcNow(), _config.Schedule.TimeZone);
        return DateOnly.FromDateTime(local.Date).AddDays(-_config.Schedule.LagDays);
    }

    /// <summary>
    /// The next business date from the manifests alone: the minimum over sources of (latest successful date + 1, or start_date),
    /// unless that is after the last complete date.
    /// </summary>
    public async Task<DatePlan> PlanAsync(IReadOnlyCollection<string>? sources, CancellationToken cancellationToken)
    {
        var progress = new List<SourceProgress>();
        foreach (var source in Select(sources))
        {
            var latest = await _store.FindLatestSuccessfulDateAsync(source.Name, cancellationToken).ConfigureAwait(false);
            progress.Add(new SourceProgress(source.Name, latest, latest?.AddDays(1) ?? source.StartDate));
        }
        var lastComplete = LastCompleteDate();
        var lagging = progress.MinBy(p => p.NextDate)!;
        var next = lagging.NextDate;
        var because = lagging.LatestSuccessfulDate is { } d
            ? $"source '{lagging.Source}' is the furthest behind, latest success {ManifestKeys.FormatDate(d)}"
            : $"source '{lagging.Source}' has no successful date yet and starts at {ManifestKeys.FormatDate(next)}";
        if (next > lastComplete)
        {
            return new DatePlan(null, lastComplete, progress,
                $"every source is complete through {ManifestKeys.FormatDate(next.AddDays(-1))}; the last complete business date is " +
                $"{ManifestKeys.FormatDate(lastComplete)} (today in {_config.Schedule.TimeZone.Id} minus {_config.Schedule.LagDays} day(s))");
        }
        return new DatePlan(next, lastComplete, progress, because);
    }

    /// <summary>Decides, for every selected source, whether <paramref name="date"/> would be ingested, without touching any source.</summary>
    public async Task<IReadOnlyList<(string Source, IngestDecision Decision)>> DecideAsync(
        DateOnly date, RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var decisions = new List<(string, IngestDecision)>();
        foreach (var source in Select(options.Sources))
        {
            var latest = await _store.FindLatestAsync(source.Name, date, cancellationToken).ConfigureAwait(false);
            decisions.Add((source.Name, IngestDecision.From(latest, options.Force)));
        }
        return decisions;
    }

    /// <summary>Runs one business date for every selected source.</summary>
    public async Task<IReadOnlyList<RunResult>> RunDateAsync(DateOnly date, RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sources = Select(options.Sources).ToList();
        var results = new RunResult[sources.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, sources.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _config.Schedule.MaxParallelSources },
            async (i, _) => results[i] = await RunSourceAsync(sources[i], date, options.Force, options.Progress, cancellationToken).ConfigureAwait(false))
            .ConfigureAwait(false);
        return results;
    }

    /// <summary>Runs one source for one date: check, extract, manifest. Never throws for source or lake failures.</summary>
    public Task<RunResult> RunSourceAsync(ISource source, DateOnly date, bool force, CancellationToken cancellationToken) =>
        RunSourceAsync(source, date, force, progress: null, cancellationToken);

    /// <summary>As <see cref="RunSourceAsync(ISource, DateOnly, bool, CancellationToken)"/>, counting what it does into <paramref name="progress"/>.</summary>
    public async Task<RunResult> RunSourceAsync(ISource source, DateOnly date, bool force, RunProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var runId = Guid.CreateVersion7(_time.GetUtcNow()).ToString();
        var day = ManifestKeys.FormatDate(date);
        using var scope = _logger.BeginScope(new Dictionary<string, object>
        {
            ["run_id"] = runId,
            ["source"] = source.Name,
            ["ingest_date"] = day,
        });
        try
        {
            return await RunSourceCoreAsync(source, date, force, runId, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LandfallException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The lake failed before anything could be recorded (check, claim): no manifest can be written, nothing is lost.
            var error = ToError(null, e, cancellationToken);
            Log.EntityFailed(_logger, source.Name, "*", day, runId, error.Type, error.Message, Detail(e));
            return new RunResult
            {
                Source = source.Name, Env = _config.Env, IngestDate = day, RunId = runId,
                Status = RunStatus.Failed, Reason = error.Type, Errors = [error],
            };
        }
    }

    private async Task<RunResult> RunSourceCoreAsync(
        ISource source, DateOnly date, bool force, string runId, RunProgress? progress, CancellationToken cancellationToken)
    {
        var day = ManifestKeys.FormatDate(date);
        var startedAt = _time.GetUtcNow();
        var clock = Stopwatch.StartNew();

        // The idempotency check, before any connection to the source (and before any claim: a skip writes nothing).
        var latest = await _store.FindLatestAsync(source.Name, date, cancellationToken).ConfigureAwait(false);
        var decision = IngestDecision.From(latest, force);
        if (!decision.Ingest)
        {
            return Skipped(source, day, runId, decision.Reason, latest);
        }

        // Concurrent runners: exactly one wins the (source, date); the others give way without writing a manifest.
        var claim = await _claims.TryClaimAsync(source.Name, date, runId, cancellationToken).ConfigureAwait(false);
        if (!claim.Won)
        {
            return Skipped(source, day, runId, "claimed_by_other_run", latest, claim.WinnerRunId);
        }
        FaultInjection.Hit("after_claim");
        // A run that finished while we were claiming may have made this date done: look again.
        latest = await _store.FindLatestAsync(source.Name, date, cancellationToken).ConfigureAwait(false);
        decision = IngestDecision.From(latest, force);
        if (!decision.Ingest)
        {
            await _claims.ReleaseAsync(source.Name, date, runId, cancellationToken).ConfigureAwait(false);
            return Skipped(source, day, runId, decision.Reason, latest);
        }

        Log.IngestStarted(_logger, source.Name, day, runId);
        var context = new SourceRunContext(source.Name, date, runId, _logger, _time);
        var outputs = new Dictionary<string, EntityOutput>();
        var errors = new List<ManifestError>();
        var notRun = new List<string>();
        await ExtractAsync(source, context, outputs, errors, notRun, progress, cancellationToken).ConfigureAwait(false);

        // The durability barrier: what the manifest names must be durable before the manifest exists, success or failed (objects
        // are put with deferred durability so that the lake can sync them together). Like the manifest, it runs even when cancelled.
        using (var finalFlush = new CancellationTokenSource(FinalWriteTimeout))
        {
            try
            {
                await _store.Lake.FlushAsync(cancellationToken.IsCancellationRequested ? finalFlush.Token : cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is LandfallException or OperationCanceledException or IOException)
            {
                var error = e is OperationCanceledException && cancellationToken.IsCancellationRequested
                    ? ToError(null, e, cancellationToken)
                    : new ManifestError(null, "lake_flush_failed", $"The objects written could not be made durable in the lake: {e.Message}");
                errors.Add(error);
                Log.EntityFailed(_logger, source.Name, "*", day, runId, error.Type, error.Message, Detail(e));
            }
        }

        FaultInjection.Hit("after_last_object");
        var endedAt = _time.GetUtcNow();
        var status = errors.Count == 0 ? ManifestStatus.Success : ManifestStatus.Failed;
        var manifest = new Manifest
        {
            LandfallVersion = Version,
            Source = source.Name,
            SourceKind = source.Kind,
            Env = _config.Env,
            RunId = runId,
            IngestDate = day,
            Status = status,
            StartedAt = startedAt,
            EndedAt = endedAt,
            DurationMs = (long)clock.Elapsed.TotalMilliseconds,
            Host = Environment.MachineName,
            Errors = errors,
            Outputs = outputs,
            EntitiesNotRun = notRun.Count > 0 ? notRun : null,
            Supersedes = decision.Reason == "forced" && latest is not null ? new ManifestReference(latest.RunId, latest.Key) : null,
            PassedOver = latest is { Outcome: not ManifestReadOutcome.Ok } ? [new PassedOverManifest(latest.Key, latest.FailureReason!)] : null,
        };

        string? manifestKey = null;
        // Even when cancelled, the failed manifest is recorded: bounded, on its own token.
        using var finalWrite = new CancellationTokenSource(FinalWriteTimeout);
        try
        {
            manifestKey = await _store.WriteAsync(manifest, cancellationToken.IsCancellationRequested ? finalWrite.Token : cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is LandfallException or OperationCanceledException or IOException)
        {
            Log.ManifestWriteFailed(_logger, source.Name, day, runId, e.Message, e);
            status = ManifestStatus.Failed;
            errors.Add(new ManifestError(null, "manifest_write_failed", $"The manifest could not be written: {e.Message}"));
        }
        Log.IngestCompleted(_logger, source.Name, day, runId, status, manifest.DurationMs);
        return new RunResult
        {
            Source = source.Name, Env = _config.Env, IngestDate = day, RunId = runId,
            Status = status,
            Reason = errors.Count > 0 ? errors[0].Type : null,
            ManifestKey = manifestKey,
            Supersedes = manifest.Supersedes?.RunId,
            Errors = errors,
            Objects = outputs.Values.Sum(o => o.Totals.Objects),
            Bytes = outputs.Values.Sum(o => o.Totals.Bytes),
            DurationMs = manifest.DurationMs,
        };
    }

    private RunResult Skipped(ISource source, string day, string runId, string reason, ManifestRead? latest, string? claimedBy = null)
    {
        Log.IngestSkipped(_logger, source.Name, day, runId, reason, claimedBy ?? latest?.Key);
        return new RunResult
        {
            Source = source.Name, Env = _config.Env, IngestDate = day, RunId = runId,
            Status = RunStatus.Skipped, Reason = reason, LatestManifestKey = latest?.Key, ClaimedBy = claimedBy,
        };
    }

    private async Task ExtractAsync(
        ISource source, SourceRunContext context, Dictionary<string, EntityOutput> outputs, List<ManifestError> errors,
        List<string> notRun, RunProgress? progress, CancellationToken cancellationToken)
    {
        var day = ManifestKeys.FormatDate(context.IngestDate);
        ISourceSession? session = null;
        try
        {
            session = await source.OpenAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRecordable(e))
        {
            errors.Add(ToError(null, e, cancellationToken));
            Log.EntityFailed(_logger, source.Name, "*", day, context.RunId, errors[^1].Type, errors[^1].Message, Detail(e));
            notRun.AddRange(source.Entities);
            return;
        }
        await using (session.ConfigureAwait(false))
        {
            foreach (var entity in source.Entities)
            {
                if (errors.Count > 0)
                {
                    notRun.Add(entity);
                    continue;
                }
                Log.EntityStarted(_logger, source.Name, entity, day, context.RunId);
                var entityProgress = progress?.Start(day, source.Name, entity);
                var writer = new EntityWriter(_store.Lake, context, entity, entityProgress);
                try
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var output = await session.ExtractAsync(entity, writer, cancellationToken).ConfigureAwait(false);
                    outputs[entity] = output;
                    entityProgress?.End(succeeded: true);
                    Log.EntityCompleted(_logger, source.Name, entity, day, context.RunId, output.Totals.Objects, output.Totals.Bytes);
                }
                catch (Exception e) when (IsRecordable(e))
                {
                    // What landed before the failure is listed (it is in the lake) but the manifest is failed; so is the
                    // source's evidence of why (for example the listings of a file that was still growing).
                    var evidence = (e as SourceException)?.Evidence;
                    if (writer.Objects.Count > 0 || evidence is not null)
                    {
                        outputs[entity] = writer.ToOutput(extra: evidence is null ? null : new Dictionary<string, System.Text.Json.JsonElement>(evidence));
                    }
                    errors.Add(ToError(entity, e, cancellationToken));
                    entityProgress?.End(succeeded: false);
                    Log.EntityFailed(_logger, source.Name, entity, day, context.RunId, errors[^1].Type, errors[^1].Message, Detail(e));
                }
            }
        }
    }

    // Any failure of a source or the lake becomes a failed manifest rather than a crash; only the runtime's own
    // fatal conditions escape.
    private static bool IsRecordable(Exception e) => e is not (OutOfMemoryException or InsufficientExecutionStackException);

    // Expected failures carry a message that says it all; a stack trace only helps for the unexpected ones.
    private static Exception? Detail(Exception e) => e is LandfallException or OperationCanceledException ? null : e;

    private static ManifestError ToError(string? entity, Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested =>
            new ManifestError(entity, "cancelled", "The run was cancelled (SIGINT/SIGTERM) before it completed; the next run redoes the date."),
        LandfallException le => new ManifestError(entity, le.ErrorType, le.Message),
        _ => new ManifestError(entity, e.GetType().Name, e.Message),
    };

    private IEnumerable<ISource> Select(IReadOnlyCollection<string>? names) =>
        names is null || names.Count == 0 ? _config.Sources : _config.Sources.Where(s => names.Contains(s.Name));
}
