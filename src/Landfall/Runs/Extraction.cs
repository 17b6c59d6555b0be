using System.Text.Json;
using Landfall.Diagnostics;
using Landfall.Lake;
using Landfall.Layout;
using Landfall.Manifests;
using Landfall.Progress;
using Landfall.Sources;
using Landfall.Telemetry;

namespace Landfall.Runs;

/// <summary>What extracting a source's entities for one date produced.</summary>
/// <param name="Outputs">Per entity, what landed (also for a failed entity that landed something or left evidence).</param>
/// <param name="Errors">What went wrong; empty when every entity succeeded.</param>
/// <param name="NotRun">Entities not extracted: an earlier one failed, or the date is waiting for one (<see cref="NotReady"/>).</param>
internal sealed record ExtractionOutcome(
    IReadOnlyDictionary<string, EntityOutput> Outputs, IReadOnlyList<ManifestError> Errors, IReadOnlyList<string> NotRun)
{
    /// <summary>The entity whose data is not there yet, and why, when the date is waiting; nothing was written then.</summary>
    public (string Entity, SourceNotReadyException Signal)? NotReady { get; init; }

    /// <summary>Whether the attempt failed only for reasons the source retries within the run (<see cref="IExtractionRetry"/>).</summary>
    public bool Retryable { get; init; }

    /// <summary>The manifest fields recording the attempts, when there was more than one (<see cref="ExtractionAttempts"/>).</summary>
    public Dictionary<string, JsonElement>? AttemptFields { get; init; }
}

/// <summary>
/// Extracts every entity of a source for one date through one session: first every entity is prepared (is its data there and
/// settled?), so that a date never half-lands for want of a later entity's data; then each is extracted, in order, stopping at
/// the first failure (the whole date is redone anyway).
/// </summary>
internal static class Extraction
{
    /// <summary>
    /// Extracts the date, again within the run when an attempt broke off and the source retries it (<see cref="IExtractionRetry"/>;
    /// <see cref="ExtractionAttempts"/>), never after <paramref name="leaseLost"/> reports the claim gone.
    /// </summary>
    public static Task<ExtractionOutcome> RunAsync(ISource source, SourceRunContext context, ILake lake, RunProgress? progress,
        Func<string?> leaseLost, CancellationToken cancellationToken) =>
        ExtractionAttempts.RunAsync(source, context, (attempt, ct) => RunOnceAsync(source, context, lake, progress, attempt, ct), leaseLost,
            cancellationToken);

    private static async Task<ExtractionOutcome> RunOnceAsync(
        ISource source, SourceRunContext context, ILake lake, RunProgress? progress, int attempt, CancellationToken cancellationToken)
    {
        var day = ManifestKeys.FormatDate(context.IngestDate);
        var outputs = new Dictionary<string, EntityOutput>();
        var errors = new List<ManifestError>();
        var notRun = new List<string>();
        var retryable = source is IExtractionRetry;

        // One failed entity: its error and log event, its progress line, and in the manifest what landed before the failure
        // (it is in the lake) and the source's evidence of why (for example the listings of a file that was still growing).
        void Fail(string entity, Exception e, EntityWriter writer, EntityProgress? entityProgress)
        {
            var evidence = (e as SourceException)?.Evidence;
            if (writer.Objects.Count > 0 || evidence is not null)
            {
                outputs[entity] = writer.ToOutput(extra: evidence is null ? null : new Dictionary<string, JsonElement>(evidence));
            }
            errors.Add(RunErrors.ToError(entity, e, cancellationToken));
            retryable &= source is IExtractionRetry r && e is SourceException se && r.RetriesExtraction(se) && !cancellationToken.IsCancellationRequested;
            entityProgress?.End(succeeded: false);
            Log.EntityFailed(context.Logger, source.Name, entity, day, context.RunId, errors[^1].Type, errors[^1].Message, Failures.Detail(e));
        }

        ISourceSession session;
        try
        {
            session = await source.OpenAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Failures.IsRecordable(e))
        {
            errors.Add(RunErrors.ToError(null, e, cancellationToken));
            Log.EntityFailed(context.Logger, source.Name, "*", day, context.RunId, errors[^1].Type, errors[^1].Message, Failures.Detail(e));
            // The source's own connect retries are done: a session that cannot be opened is not retried again here.
            return new ExtractionOutcome(outputs, errors, [.. source.Entities]);
        }
        await using (session.ConfigureAwait(false))
        {
            foreach (var entity in source.Entities)
            {
                try
                {
                    await session.PrepareAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                catch (SourceNotReadyException e)
                {
                    return new ExtractionOutcome(outputs, errors, [.. source.Entities.Where(x => x != entity)]) { NotReady = (entity, e) };
                }
                catch (Exception e) when (Failures.IsRecordable(e))
                {
                    Fail(entity, e, new EntityWriter(lake, context, entity, attempt: attempt), progress?.Start(context.IngestDate, source.Name, entity));
                    // Nothing was extracted: every other entity is not run.
                    return new ExtractionOutcome(outputs, errors, [.. source.Entities.Where(x => x != entity)]) { Retryable = retryable };
                }
            }
            foreach (var entity in source.Entities)
            {
                if (errors.Count > 0)
                {
                    notRun.Add(entity);
                    continue;
                }
                Log.EntityStarted(context.Logger, source.Name, entity, day, context.RunId);
                // The entity's span is current while it extracts: the source's own client spans (Npgsql, HttpClient) nest under it.
                using var span = RunSpans.Entity(source.Name, entity, context.IngestDate, context.RunId);
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var entityProgress = progress?.Start(context.IngestDate, source.Name, entity);
                // A file entity with a format has its objects' schema read as they stream (issue 26).
                var writer = new EntityWriter(lake, context, entity, entityProgress, attempt) { Format = (source as IEntityFacts)?.FormatOf(entity) };
                try
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var output = await session.ExtractAsync(entity, writer, cancellationToken).ConfigureAwait(false);
                    outputs[entity] = output;
                    entityProgress?.End(succeeded: true);
                    Log.EntityCompleted(context.Logger, source.Name, entity, day, context.RunId, output.Totals.Objects, output.Totals.Bytes);
                    RunSpans.EndEntity(span, output.Totals, null);
                    RunMetrics.Entity(source.Name, entity, "success", output.Totals.Objects, output.Totals.Bytes, output.Totals.Rows,
                        System.Diagnostics.Stopwatch.GetElapsedTime(started));
                }
                catch (SourceNotReadyException e) when (outputs.Count == 0 && writer.Objects.Count == 0)
                {
                    // A kind that finds out only while extracting (it has no PrepareAsync); nothing has landed, so the date can wait.
                    entityProgress?.End(succeeded: false);
                    return new ExtractionOutcome(outputs, errors, [.. source.Entities.Where(x => x != entity)]) { NotReady = (entity, e) };
                }
                catch (Exception e) when (Failures.IsRecordable(e))
                {
                    Fail(entity, e, writer, entityProgress);
                    RunSpans.EndEntity(span, outputs.TryGetValue(entity, out var landed) ? landed.Totals : null, e);
                    RunMetrics.Entity(source.Name, entity, "failed", landed?.Totals.Objects ?? 0, landed?.Totals.Bytes ?? 0, landed?.Totals.Rows,
                        System.Diagnostics.Stopwatch.GetElapsedTime(started));
                }
            }
        }
        return new ExtractionOutcome(outputs, errors, notRun) { Retryable = retryable && errors.Count > 0 };
    }
}
