namespace Landfall.Resilience;

/// <summary>
/// A connection made no progress for its stall limit: nothing was reset or closed, it just stopped. Transient (a new connection
/// usually works), and named apart so that the failure says which endpoint stalled and for how long.
/// </summary>
internal sealed class StallException : TimeoutException
{
    public StallException(string message)
        : base(message)
    {
    }

    public StallException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public StallException()
    {
    }
}
