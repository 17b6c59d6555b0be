namespace Landfall;

/// <summary>The root of every error Landfall raises on purpose. Messages say what went wrong and what to do.</summary>
public class LandfallException : Exception
{
    /// <summary>Creates an exception with a message a user can act on.</summary>
    public LandfallException(string message, Exception? innerException = null, bool isTransient = false)
        : base(message, innerException) => IsTransient = isTransient;

    /// <summary>True when retrying the same operation later may succeed (network blips, throttling, 5xx).</summary>
    public bool IsTransient { get; }

    /// <summary>A short stable word for the kind of error, recorded as the manifest error's <c>type</c>.</summary>
    public virtual string ErrorType => "error";
}
