using Microsoft.Extensions.Logging;

namespace Landfall.Sources.Sftp;

/// <summary>Log events of the SFTP source (ids 42xx). Values are never secrets.</summary>
internal static partial class SftpLog
{
    [LoggerMessage(4201, LogLevel.Information,
        "sftp_connected: {Endpoint} as {Username}, host key {Fingerprint}, cipher {Cipher}, key exchange {KeyExchange}",
        EventName = "sftp_connected")]
    public static partial void Connected(ILogger logger, string endpoint, string username, string fingerprint, string cipher, string keyExchange);

    [LoggerMessage(4202, LogLevel.Warning, "sftp_retry: {Operation} {Path} attempt {Attempt} in {DelayMs} ms after {ErrorType}: {Problem}",
        EventName = "sftp_retry")]
    public static partial void Retry(ILogger logger, string operation, string path, int attempt, double delayMs, string errorType, string problem);

    [LoggerMessage(4203, LogLevel.Error, "sftp_host_key_rejected: {Endpoint} presented {Fingerprint} ({Problem})",
        EventName = "sftp_host_key_rejected")]
    public static partial void HostKeyRejected(ILogger logger, string endpoint, string fingerprint, string problem);

    [LoggerMessage(4204, LogLevel.Information, "sftp_first_listing: {Entity} {Directory}; the settle check lists again after {IntervalMs} ms",
        EventName = "sftp_first_listing")]
    public static partial void FirstListing(ILogger logger, string entity, string directory, double intervalMs);

    [LoggerMessage(4205, LogLevel.Information, "sftp_files_settled: {Entity} {Directory} files={Files}", EventName = "sftp_files_settled")]
    public static partial void FilesSettled(ILogger logger, string entity, string directory, int files);

    [LoggerMessage(4207, LogLevel.Debug, "sftp_file_fetched: {Path} bytes={Bytes} in {ElapsedMs} ms", EventName = "sftp_file_fetched")]
    public static partial void FileFetched(ILogger logger, string path, long bytes, double elapsedMs);

    [LoggerMessage(4208, LogLevel.Debug, "sftp_directory_listed: {Directory} entries={Entries}", EventName = "sftp_directory_listed")]
    public static partial void DirectoryListed(ILogger logger, string directory, int entries);
}
