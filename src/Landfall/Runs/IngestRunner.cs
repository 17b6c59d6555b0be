using System.Diagnostics;
using Landfall.Claims;
using Landfall.Diagnostics;
using Landfall.Lake;
using Landfall.Layout;
using Landfall.Manifests;
using Landfall.Planning;
using Landfall.Sources;
using Landfall.Telemetry;
using Microsoft.Extensions.Logging;

namespace Landfall.Runs;

/// <summary>
/// Runs business dates: for each source, the manifest check, then every entity into its run-namespaced bronze prefix,
/// then the manifest. Sources of one date run concurrently up to the schedule's limit.
/// </summary>
internal sealed partial class IngestRunner
{
    private readonly Workspace _workspace;
    private readonly ILake _lake;
    private readonly ManifestReads _manifests;
    private readonly ManifestWriter _writer;
    private readonly ClaimStore _claims;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public IngestRunner(Workspace workspace)
    {
        _workspace = workspace;
        _lake = workspace.Lake;
        _manifests = workspace.Manifests;
        _writer = new ManifestWriter(_lake, workspace.Logger);
        _logger = workspace.Logger;
        _time = workspace.Time;
        _claims = new ClaimStore(_lake, _time, workspace.Schedule.Claims, _logger);
    }

    /// <summary>Runs one business date for every selected source.</summary>
    public async Task<IReadOnlyList<RunResult>> RunDateAsync(DateOnly date, RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sources = _workspace.Select(options.Sources);
        var results = new RunResult[sources.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, sources.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _workspace.Schedule.MaxParallelSources },
            async (i, _) => results[i] = await RunSourceAsync(sources[i], date, options, cancellationToken).ConfigureAwait(false))
            .ConfigureAwait(false);
        return results;
    }

    /// <summary>Runs one source for one date: check, extract, manifest. Never throws for source or lake failures.</summary>
    public async Task<RunResult> RunSourceAsync(ISource source, DateOnly date, RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var runId = Guid.CreateVersion7(_time.GetUtcNow()).ToString();
        // Telemetry (docs/observability.md): the date's span encloses its work; its end is reported whatever the decision.
        using var span = RunSpans.Date(source.Name, date, runId);
        var clock = Stopwatch.StartNew();
        var result = await RunSourceLoggedAsync(source, date, runId, options, cancellationToken).ConfigureAwait(false);
        var outcome = result.ToTelemetry();
        RunSpans.End(span, outcome);
        _workspace.Telemetry.DateEnded(source, outcome, clock.Elapsed);
        return result;
    }

    private async Task<RunResult> RunSourceLoggedAsync(ISource source, DateOnly date, string runId, RunOptions options, CancellationToken cancellationToken)
    {
        using var scope = _logger.BeginScope(new Dictionary<string, object>
        {
            ["run_id"] = runId,
            ["source"] = source.Name,
            ["ingest_date"] = ManifestKeys.FormatDate(date),
        });
        try
        {
            return await RunSourceCoreAsync(source, date, runId, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LandfallException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The lake failed, or the run was interrupted, before anything could be recorded (check, claim): no manifest is
            // written and nothing is lost; the result says so, since the run id it carries names no manifest.
            var error = e is OperationCanceledException
                ? new ManifestError(null, "cancelled", "The run was interrupted (SIGINT/SIGTERM) before it claimed the date: nothing was " +
                    "written, no manifest records this run, and the next run does the date.")
                : RunErrors.ToError(null, e, cancellationToken);
            Log.EntityFailed(_logger, source.Name, "*", ManifestKeys.FormatDate(date), runId, error.Type, error.Message, Failures.Detail(e));
            return Result(source, date, runId, RunStatus.Failed) with
            {
                Reason = error.Type,
                Errors = [error],
            };
        }
    }

    private async Task<RunResult> RunSourceCoreAsync(
        ISource source, DateOnly date, string runId, RunOptions options, CancellationToken cancellationToken)
    {
        var startedAt = _time.GetUtcNow();
        var clock = Stopwatch.StartNew();

        // The idempotency check, before any connection to the source (and before any claim: a skip writes nothing).
        var latest = await _manifests.LatestAsync(source.Name, date, cancellationToken).ConfigureAwait(false);
        var decision = Decide(latest, options);
        if (!decision.Ingest)
        {
            return Skipped(source, date, runId, decision.Reason, latest);
        }

        // Concurrent runners: exactly one wins the (source, date); the others give way without writing a manifest.
        ClaimOutcome claim;
        using (var claimSpan = RunSpans.Claim(source.Name, date, runId))
        {
            claim = await _claims.TryClaimAsync(source.Name, date, runId, cancellationToken).ConfigureAwait(false);
            claimSpan?.SetTag("landfall.claim.won", claim.Won);
        }
        if (!claim.Won)
        {
            return Skipped(source, date, runId, "claimed_by_other_run", latest, claim.WinnerRunId);
        }
        var lease = claim.Lease!;
        // The lease renews the claim until the run is over, the manifest put included: heartbeats that keep landing while a slow
        // put retries keep other runs away.
        await using (lease.ConfigureAwait(false))
        {
            return await IngestAsync(source, date, runId, options, lease, latest, startedAt, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<RunResult> IngestAsync(ISource source, DateOnly date, string runId, RunOptions options, ClaimLease lease,
        ManifestRead? latest, DateTimeOffset startedAt, Stopwatch clock, CancellationToken cancellationToken)
    {
        FaultInjection.Hit("after_claim");
        // A run that finished while we were claiming may have made this date done: look again.
        latest = await _manifests.LatestAsync(source.Name, date, cancellationToken).ConfigureAwait(false);
        var decision = Decide(latest, options);
        if (!decision.Ingest)
        {
            await _claims.ReleaseAsync(source.Name, date, runId, cancellationToken).ConfigureAwait(false);
            return Skipped(source, date, runId, decision.Reason, latest);
        }

        Log.IngestStarted(_logger, source.Name, ManifestKeys.FormatDate(date), runId);
        _workspace.Telemetry.DateStarted(source, date, runId);
        var context = new SourceRunContext(source.Name, date, runId, _logger, _time);
        var outcome = await Extraction.RunAsync(source, context, _lake, options.Progress, lease.Check, cancellationToken).ConfigureAwait(false);
        var errors = outcome.Errors.ToList();
        var outputs = new Dictionary<string, EntityOutput>(outcome.Outputs);
        DateTimeOffset? deadline = null;
        if (outcome.NotReady is { } notReady)
        {
            deadline = _workspace.PolicyOf(source.Name).DeadlineOf(date, _workspace.Schedule.TimeZone);
            if (await WaitOrLateAsync(source, date, runId, latest, notReady, deadline.Value, clock, cancellationToken).ConfigureAwait(false)
                is { } unwritten)
            {
                return unwritten;
            }
            errors.Add(Late(notReady, deadline.Value));
            if (notReady.Signal.Evidence is { } evidence)
            {
                outputs[notReady.Entity] = new EntityWriter(_lake, context, notReady.Entity)
                    .ToOutput(extra: new Dictionary<string, System.Text.Json.JsonElement>(evidence));
            }
            Log.SourceLate(_logger, source.Name, ManifestKeys.FormatDate(date), runId, ManifestFormat.FormatInstant(deadline.Value), errors[^1].Message);
        }
        if (await FlushAsync(cancellationToken).ConfigureAwait(false) is { } flushError)
        {
            errors.Add(flushError);
            Log.EntityFailed(_logger, source.Name, "*", ManifestKeys.FormatDate(date), runId, flushError.Type, flushError.Message, null);
        }

        // Schema contracts and expectations (issue 26), before a success manifest can exist: IngestRunner.Contracts.cs.
        var (warnings, accepted) = errors.Count == 0
            ? await CheckContractsAsync(source, date, runId, outputs, errors, options, cancellationToken).ConfigureAwait(false)
            : (null, null);

        FaultInjection.Hit("after_last_object");
        // No manifest, success or failed, from a run whose lease may have lapsed: another run may hold the date by now, and even a
        // failed manifest written after its success would become the date's latest.
        if (lease.Check() is { } lost)
        {
            return await LeaseLostAsync(source, date, runId, lost, errors, outcome, clock, cancellationToken).ConfigureAwait(false);
        }
        FaultInjection.Hit("after_lease_check");
        var status = errors.Count == 0 ? ManifestStatus.Success : ManifestStatus.Failed;
        var manifest = new Manifest
        {
            LandfallVersion = LandfallVersion.Current,
            Source = source.Name,
            SourceKind = source.Kind,
            Env = _workspace.Env,
            RunId = runId,
            IngestDate = ManifestKeys.FormatDate(date),
            Status = status,
            StartedAt = startedAt,
            EndedAt = _time.GetUtcNow(),
            DurationMs = (long)clock.Elapsed.TotalMilliseconds,
            Host = HostIdentity.Current,
            Errors = errors,
            Warnings = warnings,
            Outputs = outputs,
            EntitiesNotRun = outcome.NotRun.Count > 0 ? [.. outcome.NotRun] : null,
            Supersedes = decision.SupersedesLatest ? new ManifestReference(latest!.RunId, latest.Key) : null,
            PassedOver = latest is { Outcome: not ManifestReadOutcome.Ok } ? [new PassedOverManifest(latest.Key, latest.FailureReason!)] : null,
            Extra = WithAccepted(WithAttempts(options.Reingest?.ManifestFields(), outcome), accepted),
        };

        string? manifestKey = null;
        // Even when cancelled, the failed manifest is recorded: bounded, on its own token.
        using var finalWrite = new CancellationTokenSource(Tuning.FinalWrite);
        try
        {
            manifestKey = await _writer.WriteAsync(manifest, cancellationToken.IsCancellationRequested ? finalWrite.Token : cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is LandfallException or OperationCanceledException or IOException)
        {
            Log.ManifestWriteFailed(_logger, source.Name, manifest.IngestDate, runId, e.Message, e);
            status = ManifestStatus.Failed;
            errors.Add(new ManifestError(null, "manifest_write_failed", $"The manifest could not be written: {e.Message}"));
        }
        Log.IngestCompleted(_logger, source.Name, manifest.IngestDate, runId, status.ToWord(), manifest.DurationMs);
        return Result(source, date, runId, status == ManifestStatus.Success ? RunStatus.Success : RunStatus.Failed) with
        {
            Reason = errors.Count > 0 ? errors[0].Type : null,
            ManifestKey = manifestKey,
            Supersedes = manifest.Supersedes?.RunId,
            ReingestReason = decision.SupersedesLatest ? decision.Reason : null,
            Errors = errors,
            Warnings = status == ManifestStatus.Success ? warnings ?? [] : [],
            Objects = outputs.Values.Sum(o => o.Totals.Objects),
            Bytes = outputs.Values.Sum(o => o.Totals.Bytes),
            Rows = outputs.Values.Any(o => o.Totals.Rows is not null) ? outputs.Values.Sum(o => o.Totals.Rows ?? 0) : null,
            EntityTotals = outputs.ToDictionary(o => o.Key, o => o.Value.Totals, StringComparer.Ordinal),
            DurationMs = manifest.DurationMs,
            Deadline = deadline,
        };
    }

    /// <summary>
    /// A date whose data is not there yet: before its deadline the run waits (no manifest; the claim is released), after it the date
    /// is late. A late date whose latest manifest already records exactly this lateness gets no new manifest on every poll.
    /// Returns the result when nothing is written; null when a late manifest must be written.
    /// </summary>
    private async Task<RunResult?> WaitOrLateAsync(ISource source, DateOnly date, string runId, ManifestRead? latest,
        (string Entity, SourceNotReadyException Signal) notReady, DateTimeOffset deadline, Stopwatch clock, CancellationToken cancellationToken)
    {
        var day = ManifestKeys.FormatDate(date);
        var (entity, signal) = notReady;
        RunResult Unwritten(RunStatus status, string reason, ManifestError error) => Result(source, date, runId, status) with
        {
            Reason = reason,
            Errors = [error],
            LatestManifestKey = latest?.Key,
            Deadline = deadline,
            DurationMs = (long)clock.Elapsed.TotalMilliseconds,
        };
        if (_time.GetUtcNow() < deadline)
        {
            await _claims.ReleaseAsync(source.Name, date, runId, cancellationToken).ConfigureAwait(false);
            Log.SourceWaiting(_logger, source.Name, day, runId, signal.Reason, $"{entity}: {signal.Message}", ManifestFormat.FormatInstant(deadline));
            return Unwritten(RunStatus.Waiting, signal.Reason, new ManifestError(entity, signal.Reason, signal.Message));
        }
        var late = Late(notReady, deadline);
        if (latest is { IsSuccess: false, Status: ManifestStatus.Failed } && latest.Errors is [{ Type: "late" } previous]
            && previous.Entity == late.Entity && previous.Message == late.Message)
        {
            await _claims.ReleaseAsync(source.Name, date, runId, cancellationToken).ConfigureAwait(false);
            Log.SourceStillLate(_logger, source.Name, day, runId, latest.Key);
            return Unwritten(RunStatus.Failed, "late", late);
        }
        return null;
    }

    private static ManifestError Late((string Entity, SourceNotReadyException Signal) notReady, DateTimeOffset deadline) =>
        new(notReady.Entity, "late",
            $"{notReady.Signal.Reason}: {notReady.Signal.Message} The date was due by {ManifestFormat.FormatInstant(deadline)} " +
            "(the source's expected_by); a later run ingests it once the data is there.");

    /// <summary>
    /// The run's claim lapsed before its manifest: it writes none, gives the claim up (so that a run waiting for it need not wait for
    /// the lease to run out), and reports <c>lease_lost</c>. Its bronze objects stay under its own run id, named by no manifest.
    /// </summary>
    private async Task<RunResult> LeaseLostAsync(ISource source, DateOnly date, string runId, string why, List<ManifestError> errors,
        ExtractionOutcome outcome, Stopwatch clock, CancellationToken cancellationToken)
    {
        var ingestDate = ManifestKeys.FormatDate(date);
        var message = $"No manifest was written: {why}. Another run may have taken the date over; if none did, the next run redoes it.";
        ClaimLog.LeaseLost(_logger, source.Name, ingestDate, runId, message);
        using var finalWrite = new CancellationTokenSource(Tuning.FinalWrite);
        await _claims.ReleaseQuietlyAsync(source.Name, date, runId, cancellationToken.IsCancellationRequested ? finalWrite.Token : cancellationToken)
            .ConfigureAwait(false);
        var durationMs = (long)clock.Elapsed.TotalMilliseconds;
        Log.IngestCompleted(_logger, source.Name, ingestDate, runId, ManifestStatus.Failed.ToWord(), durationMs);
        return Result(source, date, runId, RunStatus.Failed) with
        {
            Reason = "lease_lost",
            Errors = [new ManifestError(null, "lease_lost", message), .. errors],
            Objects = outcome.Outputs.Values.Sum(o => o.Totals.Objects),
            Bytes = outcome.Outputs.Values.Sum(o => o.Totals.Bytes),
            DurationMs = durationMs,
        };
    }

    /// <summary>
    /// The durability barrier: what the manifest names must be durable before the manifest exists, success or failed (objects are
    /// put with deferred durability so that the lake can sync them together). Like the manifest, it runs even when cancelled.
    /// </summary>
    private async Task<ManifestError?> FlushAsync(CancellationToken cancellationToken)
    {
        using var finalFlush = new CancellationTokenSource(Tuning.FinalWrite);
        try
        {
            await _lake.FlushAsync(cancellationToken.IsCancellationRequested ? finalFlush.Token : cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is LandfallException or OperationCanceledException or IOException)
        {
            return e is OperationCanceledException && cancellationToken.IsCancellationRequested
                ? RunErrors.ToError(null, e, cancellationToken)
                : new ManifestError(null, "lake_flush_failed", $"The objects written could not be made durable in the lake: {e.Message}");
        }
    }

    /// <summary>What the manifests say for a run with <paramref name="options"/>: a deliberate re-ingest, else the plain rule.</summary>
    private static IngestDecision Decide(ManifestRead? latest, RunOptions options) => options.Reingest is { } reingest
        ? IngestDecision.Reingest(latest, reingest.Supersedes, reingest.Reason)
        : IngestDecision.From(latest, options.Force);

    /// <summary>What every result of one source and date says: which run, of what, and how it ended.</summary>
    private RunResult Result(ISource source, DateOnly date, string runId, RunStatus status) => new()
    {
        Source = source.Name, Env = _workspace.Env, IngestDate = date, RunId = runId, Status = status,
    };

    private RunResult Skipped(ISource source, DateOnly date, string runId, string reason, ManifestRead? latest, string? claimedBy = null)
    {
        Log.IngestSkipped(_logger, source.Name, ManifestKeys.FormatDate(date), runId, reason, claimedBy ?? latest?.Key);
        return Result(source, date, runId, RunStatus.Skipped) with
        {
            Reason = reason,
            LatestManifestKey = latest?.Key,
            ClaimedBy = claimedBy,
        };
    }
}
