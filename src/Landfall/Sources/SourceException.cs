namespace Landfall.Sources;

/// <summary>A source could not deliver a complete business date. <see cref="Reason"/> is recorded as the manifest error's type.</summary>
public class SourceException : LandfallException
{
    /// <summary>Creates the error.</summary>
    /// <param name="reason">A short stable word: no_files_yet, file_unreadable, connection_failed, ...</param>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause.</param>
    /// <param name="isTransient">Whether a retry may help.</param>
    public SourceException(string reason, string message, Exception? innerException = null, bool isTransient = false)
        : base(message, innerException, isTransient) => Reason = reason;

    /// <summary>
    /// Source-specific facts the runner records in the failed manifest's entity block (for example the two listings that show a
    /// file was not settled), or null.
    /// </summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Evidence { get; init; }

    /// <summary>The stable reason word.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public override string ErrorType => Reason;
}
