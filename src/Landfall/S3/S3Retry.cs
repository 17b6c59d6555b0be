using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Polly;
using Polly.Retry;

namespace Landfall.S3;

/// <summary>
/// The one retry policy of every S3 call, lake and source alike: transient failures (throttling, 5xx except 501, network) are
/// retried with exponential backoff and jitter from 200 ms, at most 10 s apart, each retry reported to the caller's log event.
/// </summary>
internal static class S3Retry
{
    private static readonly ResiliencePropertyKey<(string Operation, string Target)> Operation = new("landfall.s3.operation");

    /// <summary>A pipeline making <paramref name="maxAttempts"/> attempts; <paramref name="onRetry"/> gets (operation, target, attempt, delay, message).</summary>
    public static ResiliencePipeline Create(int maxAttempts, Action<string, string, int, TimeSpan, string> onRetry) =>
        // 1 means no retry at all (Polly refuses a retry strategy with zero retries).
        maxAttempts <= 1 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = maxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(10),
                OnRetry = args =>
                {
                    var (operation, target) = args.Context.Properties.GetValue(Operation, ("s3", ""));
                    onRetry(operation, target, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message ?? "");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    /// <summary>Runs <paramref name="call"/> through <paramref name="pipeline"/>, naming it (operation, target) in retry reports.</summary>
    public static async Task<T> ExecuteAsync<T>(ResiliencePipeline pipeline, string operation, string target,
        Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Operation, (operation, target));
        try
        {
            return await pipeline.ExecuteAsync(async ctx => await call(ctx.CancellationToken).ConfigureAwait(false), context).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Whether retrying the same request later may succeed.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        // 501 Not Implemented is the server saying it will never do this.
        AmazonS3Exception { StatusCode: HttpStatusCode.NotImplemented } => false,
        AmazonS3Exception s3 => (int)s3.StatusCode >= 500 || s3.StatusCode == HttpStatusCode.TooManyRequests
            || s3.ErrorCode is "SlowDown" or "RequestTimeout" or "Throttling" or "RequestTimeTooSkewed" or "InternalError",
        AmazonServiceException { StatusCode: var status } => (int)status >= 500 || status == HttpStatusCode.TooManyRequests || status == 0,
        HttpRequestException or IOException or TimeoutException => true,
        AmazonClientException => true,
        _ => false,
    };
}
