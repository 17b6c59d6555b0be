using Microsoft.Extensions.Logging;

namespace Landfall.Sources.Azure;

/// <summary>Log events of the azure_blob source (ids 46xx). Values are never secrets: accounts, containers and blob names only.</summary>
internal static partial class AzureBlobLog
{
    [LoggerMessage(4601, LogLevel.Warning, "azure_source_retry: {Operation} {Target} attempt {Attempt} after {DelayMs} ms: {Message}",
        EventName = "azure_source_retry")]
    public static partial void Retry(ILogger logger, string operation, string target, int attempt, double delayMs, string message);

    [LoggerMessage(4602, LogLevel.Information,
        "azure_source_listed: {Source}.{Entity} {Container}/{Prefix} blobs={Blobs} bytes={Bytes} copy={CopyMethod}",
        EventName = "azure_source_listed")]
    public static partial void Listed(ILogger logger, string source, string entity, string container, string prefix, int blobs, long bytes,
        string copyMethod);

    [LoggerMessage(4603, LogLevel.Debug, "azure_blob_copied: {Container}/{Blob} -> {LakeKey} bytes={Bytes} method={CopyMethod}",
        EventName = "azure_blob_copied")]
    public static partial void Copied(ILogger logger, string container, string blob, string lakeKey, long bytes, string copyMethod);
}
