using Polly;
using Polly.Retry;

namespace Landfall.Resilience;

/// <summary>
/// The one retry policy of Landfall, as Polly pipelines, for every lake and source kind: exponential backoff with jitter on the injected clock, the
/// attempts a kind's settings allow, and only the failures the kind calls transient. Each retry is reported to the kind's log
/// event with the operation and target it names.
/// </summary>
internal static class RetryPipelines
{
    private static readonly ResiliencePropertyKey<(string Operation, string Target)> Call = new("landfall.call");

    /// <summary>A pipeline making <see cref="RetryOptions.MaxAttempts"/> attempts of calls whose failures <paramref name="isTransient"/> accepts.</summary>
    public static ResiliencePipeline Create(RetryOptions options, Func<Exception, bool> isTransient, TimeProvider time, Action<RetryAttempt> onRetry)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(isTransient);
        ArgumentNullException.ThrowIfNull(onRetry);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1, nameof(options));
        // One attempt means no retry strategy at all (Polly refuses a retry strategy with zero retries).
        if (options.MaxAttempts == 1)
        {
            return ResiliencePipeline.Empty;
        }
        return new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(isTransient),
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.Delay,
                MaxDelay = options.MaxDelay,
                OnRetry = args =>
                {
                    var (operation, target) = args.Context.Properties.GetValue(Call, ("call", ""));
                    onRetry(new RetryAttempt(operation, target, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Runs <paramref name="call"/> through <paramref name="pipeline"/>, naming it (operation, target) in retry reports.</summary>
    public static async Task<T> ExecuteAsync<T>(this ResiliencePipeline pipeline, string operation, string target,
        Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(call);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Call, (operation, target));
        try
        {
            return await pipeline.ExecuteAsync(async ctx => await call(ctx.CancellationToken).ConfigureAwait(false), context).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
