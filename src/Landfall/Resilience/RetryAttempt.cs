namespace Landfall.Resilience;

/// <summary>A failed attempt about to be retried, as reported to the caller's log event.</summary>
/// <param name="Operation">What was tried (put, list, connect, read, ...).</param>
/// <param name="Target">What it was tried on (a key, a path, a date); never a secret.</param>
/// <param name="Attempt">The number of the attempt that failed (1 for the first).</param>
/// <param name="Delay">The backoff before it.</param>
/// <param name="Error">Why the attempt failed.</param>
internal readonly record struct RetryAttempt(string Operation, string Target, int Attempt, TimeSpan Delay, Exception? Error)
{
    /// <summary>The failure's message, for log events.</summary>
    public string Message => Error?.Message ?? "";
}
