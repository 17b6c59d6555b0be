using Microsoft.Extensions.Logging;

namespace Landfall.Sources.S3;

/// <summary>Log events of the s3 source (ids 43xx). Values are never secrets.</summary>
internal static partial class S3SourceLog
{
    [LoggerMessage(4301, LogLevel.Warning, "s3_source_retry: {Operation} {Target} attempt {Attempt} after {DelayMs} ms: {Message}",
        EventName = "s3_source_retry")]
    public static partial void Retry(ILogger logger, string operation, string target, int attempt, double delayMs, string message);

    [LoggerMessage(4302, LogLevel.Information,
        "s3_source_listed: {Source}.{Entity} s3://{Bucket}/{Prefix} objects={Objects} bytes={Bytes} copy={CopyMethod}",
        EventName = "s3_source_listed")]
    public static partial void Listed(ILogger logger, string source, string entity, string bucket, string prefix, int objects, long bytes,
        string copyMethod);

    [LoggerMessage(4303, LogLevel.Debug, "s3_object_copied: s3://{Bucket}/{Key} -> {LakeKey} bytes={Bytes} method={CopyMethod}",
        EventName = "s3_object_copied")]
    public static partial void Copied(ILogger logger, string bucket, string key, string lakeKey, long bytes, string copyMethod);

    [LoggerMessage(4305, LogLevel.Warning,
        "s3_etag_listing_differs: s3://{Bucket}/{Key} is listed with ETag {ListedETag} but HEAD answers {HeadETag} for the same size and " +
        "modification time; copying it pinned to the HEAD's ETag", EventName = "s3_etag_listing_differs")]
    public static partial void ETagListingDiffers(ILogger logger, string bucket, string key, string listedETag, string headETag);
}
