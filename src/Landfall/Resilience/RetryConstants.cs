namespace Landfall.Resilience;

/// <summary>
/// The defaults of <see cref="RetryOptions"/>, written once and used by the code and the docs alike (Polly's <c>RetryConstants</c> is
/// the model). Every kind retries with this backoff; what differs between kinds is what counts as transient and how many attempts
/// its settings allow.
/// </summary>
internal static class RetryConstants
{
    /// <summary>Attempts per call, the first included, when a kind's settings say nothing else.</summary>
    public const int DefaultMaxAttempts = 5;

    /// <summary>The first backoff; each retry doubles it, with jitter.</summary>
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest backoff between two attempts.</summary>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(10);
}
