using Landfall.Manifests;

namespace Landfall.Runs;

/// <summary>How failures of a run become manifest errors.</summary>
internal static class RunErrors
{
    /// <summary>
    /// Any failure of a source or the lake becomes a failed manifest rather than a crash; only the runtime's own fatal conditions
    /// escape.
    /// </summary>
    public static bool IsRecordable(Exception e) => e is not (OutOfMemoryException or InsufficientExecutionStackException);

    /// <summary>Expected failures carry a message that says it all; a stack trace only helps for the unexpected ones.</summary>
    public static Exception? Detail(Exception e) => e is LandfallException or OperationCanceledException ? null : e;

    /// <summary>The manifest error for <paramref name="e"/>, of <paramref name="entity"/> (null: the source as a whole).</summary>
    public static ManifestError ToError(string? entity, Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested =>
            new ManifestError(entity, "cancelled", "The run was cancelled (SIGINT/SIGTERM) before it completed; the next run redoes the date."),
        LandfallException le => new ManifestError(entity, le.ErrorType, le.Message),
        _ => new ManifestError(entity, e.GetType().Name, e.Message),
    };
}
