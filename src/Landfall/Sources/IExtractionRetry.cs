namespace Landfall.Sources;

/// <summary>
/// A source whose date can be extracted again within the run when an attempt breaks off (a snapshot cannot be resumed, but it can
/// be taken again): the runner retries the whole date, every entity, up to <see cref="ExtractionAttempts"/>, each attempt's objects
/// under a prefix of their own, and only the attempt that succeeds is referenced by the manifest.
/// </summary>
internal interface IExtractionRetry
{
    /// <summary>Attempts at the whole date, the first included (1 = no retry).</summary>
    int ExtractionAttempts { get; }

    /// <summary>Whether an attempt that failed with <paramref name="failure"/> is worth another (a broken or stalled read).</summary>
    bool RetriesExtraction(SourceException failure);
}
