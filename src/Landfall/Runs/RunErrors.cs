using Landfall.Manifests;

namespace Landfall.Runs;

/// <summary>How failures of a run become manifest errors.</summary>
internal static class RunErrors
{
    /// <summary>The manifest error for <paramref name="e"/>, of <paramref name="entity"/> (null: the source as a whole).</summary>
    public static ManifestError ToError(string? entity, Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested =>
            new ManifestError(entity, "cancelled", "The run was cancelled (SIGINT/SIGTERM) before it completed; the next run redoes the date."),
        LandfallException le => new ManifestError(entity, le.ErrorType, le.Message),
        _ => new ManifestError(entity, e.GetType().Name, e.Message),
    };
}
