namespace Landfall;

/// <summary>
/// The tuning constants of the read and write paths, named once: how much is in flight at a time and how long a last write may
/// take. Measured choices (docs/benchmarks.md), not settings: none of them changes what is read or written, only how fast.
/// </summary>
internal static class Tuning
{
    /// <summary>Manifest and index reads in flight at once.</summary>
    public const int ManifestReads = 16;

    /// <summary>Sources listed (and, on the read side, read) at once.</summary>
    public const int SourceListings = 8;

    /// <summary>(source, date) trails <c>history</c> reads together.</summary>
    public const int HistoryDatesPerBatch = 256;

    /// <summary>Dates <c>current</c> and <c>export</c> read together: enough to keep the reads in flight, few enough to stream.</summary>
    public const int CurrentDatesPerBatch = 64;

    /// <summary>Rows of one row group of the exported object table (buffered one group at a time).</summary>
    public const int ExportRowGroupRows = 50_000;

    /// <summary>How long a run may take to record its failed manifest, flush or release after cancellation.</summary>
    public static readonly TimeSpan FinalWrite = TimeSpan.FromSeconds(30);

    /// <summary>How long aborting a failed multipart upload may take (leftover parts are never referenced).</summary>
    public static readonly TimeSpan MultipartAbort = TimeSpan.FromSeconds(10);
}
