namespace Landfall.Resilience;

/// <summary>How many times a call is tried and how long to wait between tries: exponential backoff with jitter.</summary>
internal sealed record RetryOptions
{
    /// <summary>Attempts, the first included; 1 means no retry (default <see cref="RetryConstants.DefaultMaxAttempts"/>).</summary>
    public int MaxAttempts { get; init; } = RetryConstants.DefaultMaxAttempts;

    /// <summary>The first backoff (default <see cref="RetryConstants.DefaultDelay"/>).</summary>
    public TimeSpan Delay { get; init; } = RetryConstants.DefaultDelay;

    /// <summary>The longest backoff (default <see cref="RetryConstants.DefaultMaxDelay"/>).</summary>
    public TimeSpan MaxDelay { get; init; } = RetryConstants.DefaultMaxDelay;
}
