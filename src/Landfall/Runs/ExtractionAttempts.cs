using System.Text.Json;
using System.Text.Json.Nodes;
using Landfall.Diagnostics;
using Landfall.Layout;
using Landfall.Manifests;
using Landfall.Resilience;
using Landfall.Sources;

namespace Landfall.Runs;

/// <summary>
/// The retry of a date's extraction within the run, for a source that allows it (<see cref="IExtractionRetry"/>): an attempt that broke
/// off (a connection reset or stalled mid-read) is followed by another, through the one retry policy (its backoff, the source's
/// max_attempts), each with a new session (a new snapshot) and every entity read again under its own prefix
/// (<see cref="BronzeKeys.AttemptPrefix"/>). The manifest references only the last attempt's objects and records the others
/// (<see cref="AttemptsField"/>, <see cref="FailedField"/>).
/// </summary>
internal static class ExtractionAttempts
{
    /// <summary>How many attempts the date's extraction took (written only when more than one).</summary>
    public const string AttemptsField = "extraction_attempts";

    /// <summary>The attempts that broke off: their errors and what they left in the lake, by count, never by key.</summary>
    public const string FailedField = "failed_attempts";

    public static async Task<ExtractionOutcome> RunAsync(ISource source, SourceRunContext context,
        Func<int, CancellationToken, Task<ExtractionOutcome>> attempt, Func<string?> leaseLost, CancellationToken cancellationToken)
    {
        var max = (source as IExtractionRetry)?.ExtractionAttempts ?? 1;
        if (max <= 1)
        {
            return await attempt(1, cancellationToken).ConfigureAwait(false);
        }
        var day = ManifestKeys.FormatDate(context.IngestDate);
        var failed = new List<JsonObject>();
        var n = 0;
        // A claim that lapsed ends the retries: the run will write no manifest anyway.
        var pipeline = RetryPipelines.Create(new RetryOptions { MaxAttempts = max }, e => e is BrokenAttempt && leaseLost() is null, context.Time,
            r => Log.ExtractionRetry(context.Logger, source.Name, day, context.RunId, r.Attempt + 1, r.Delay.TotalMilliseconds, r.Message));
        ExtractionOutcome outcome;
        try
        {
            outcome = await pipeline.ExecuteAsync("extract", day, async ct =>
            {
                var result = await attempt(++n, ct).ConfigureAwait(false);
                if (result.Retryable && n < max && !ct.IsCancellationRequested)
                {
                    failed.Add(Record(n, result));
                    throw new BrokenAttempt(result);
                }
                return result;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenAttempt broken)
        {
            // Not retried after all (the claim lapsed): the broken attempt is the run's outcome.
            failed.RemoveAt(failed.Count - 1);
            outcome = broken.Outcome;
        }
        if (n == 1)
        {
            return outcome;
        }
        return outcome with
        {
            AttemptFields = new Dictionary<string, JsonElement>
            {
                [AttemptsField] = ManifestFormat.Fact(n),
                [FailedField] = ManifestFormat.Fact(new JsonArray([.. failed])),
            },
        };
    }

    private static JsonObject Record(int attempt, ExtractionOutcome outcome) => new()
    {
        ["attempt"] = attempt,
        ["errors"] = new JsonArray([.. outcome.Errors.Select(e => (JsonNode)new JsonObject
        {
            ["entity"] = e.Entity,
            ["type"] = e.Type,
            ["message"] = e.Message,
        })]),
        ["objects_left"] = outcome.Outputs.Values.Sum(o => o.Totals.Objects),
        ["bytes_left"] = outcome.Outputs.Values.Sum(o => o.Totals.Bytes),
    };

    /// <summary>An attempt worth another; carries its outcome, which stands if no other attempt is made.</summary>
    private sealed class BrokenAttempt(ExtractionOutcome outcome)
        : Exception(outcome.Errors.Count > 0 ? $"{outcome.Errors[0].Type}: {outcome.Errors[0].Message}" : "the attempt broke off")
    {
        public ExtractionOutcome Outcome { get; } = outcome;
    }
}
