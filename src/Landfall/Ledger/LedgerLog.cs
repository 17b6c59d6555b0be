using Microsoft.Extensions.Logging;

namespace Landfall.Ledger;

/// <summary>The ledger index's log events (70xx). Values are never secrets.</summary>
internal static partial class LedgerLog
{
    [LoggerMessage(7001, LogLevel.Information,
        "index_written: {Key} covers {Covered} of {Listed} manifests of source {Source} ({Reused} from the previous index, {Read} read)",
        EventName = "index_written")]
    public static partial void IndexWritten(ILogger logger, string source, string key, int covered, int listed, int reused, int read);

    [LoggerMessage(7002, LogLevel.Warning,
        "index_ignored: {Key} of source {Source} is not used ({Why}); its manifests are read from the lake instead", EventName = "index_ignored")]
    public static partial void IndexIgnored(ILogger logger, string source, string key, string why);

    [LoggerMessage(7003, LogLevel.Warning,
        "index_disagrees: {Disagreeing} entries of {Key} (source {Source}) do not match the manifest listing (key, size, ETag or " +
        "LastModified); those manifests are read from the lake instead", EventName = "index_disagrees")]
    public static partial void IndexDisagrees(ILogger logger, string source, string key, int disagreeing);

    [LoggerMessage(7004, LogLevel.Warning,
        "index_write_failed: the index of source {Source} could not be written ({Problem}); the run's result stands, readers read the " +
        "manifests themselves", EventName = "index_write_failed")]
    public static partial void IndexWriteFailed(ILogger logger, string source, string problem);

    [LoggerMessage(7005, LogLevel.Debug, "index_used: {Key} covers {Covered} of {Listed} manifests of source {Source}", EventName = "index_used")]
    public static partial void IndexUsed(ILogger logger, string source, string key, int covered, int listed);
}
