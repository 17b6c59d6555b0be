namespace Landfall.Sources;

/// <summary>
/// A date's data is not there yet, or not settled: no file matches, a file is still changing, its done marker is missing, an
/// object is younger than min_age, a window expected to hold rows holds none. Nothing is wrong yet: until the source's
/// deadline the run writes no manifest and reports <c>waiting</c>; past it, a failed manifest with error type <c>late</c>.
/// <see cref="SourceException.Reason"/> says which (no_files_yet, file_not_settled, no_rows_yet).
/// </summary>
public sealed class SourceNotReadyException : SourceException
{
    /// <summary>Creates the signal.</summary>
    /// <param name="reason">A short stable word: no_files_yet, file_not_settled, no_rows_yet.</param>
    /// <param name="message">What is missing, where, and what the source waits for.</param>
    public SourceNotReadyException(string reason, string message)
        : base(reason, message, isTransient: true) { }
}
