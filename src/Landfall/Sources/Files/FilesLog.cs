using Microsoft.Extensions.Logging;

namespace Landfall.Sources.Files;

/// <summary>Log events of the files source (ids 44xx).</summary>
internal static partial class FilesLog
{
    [LoggerMessage(4401, LogLevel.Information,
        "files_first_listing: {Source}.{Entity} {IngestDate} {Files} file(s) in {Directory}; the settle check lists again after {IntervalMs} ms run_id={RunId}",
        EventName = "files_first_listing")]
    public static partial void FirstListing(ILogger logger, string source, string entity, string ingestDate, int files, string directory,
        long intervalMs, string runId);
}
