namespace Landfall;

/// <summary>How the use cases tell a failure to record (a failed manifest, a finding, a log event) from one to let escape.</summary>
internal static class Failures
{
    /// <summary>
    /// Any failure of a source or the lake becomes a result (a failed manifest, a finding) rather than a crash; only the runtime's own
    /// fatal conditions escape.
    /// </summary>
    public static bool IsRecordable(Exception e) => e is not (OutOfMemoryException or InsufficientExecutionStackException);

    /// <summary>Expected failures carry a message that says it all; a stack trace only helps for the unexpected ones.</summary>
    public static Exception? Detail(Exception e) => e is LandfallException or OperationCanceledException ? null : e;
}
