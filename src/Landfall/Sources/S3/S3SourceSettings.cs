namespace Landfall.Sources.S3;

/// <summary>Where an <c>s3</c> source lives and how it is copied: the source-level keys of its config section.</summary>
public sealed record S3SourceSettings
{
    /// <summary>Endpoint override for S3-compatible servers (http://127.0.0.1:9010); null for AWS.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Region (default us-east-1).</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Path-style addressing (default true with an endpoint override, false otherwise).</summary>
    public bool? ForcePathStyle { get; init; }

    /// <summary>Access key id; null for a profile or the standard AWS credential chain.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>Secret access key; never logged.</summary>
    public string? SecretAccessKey { get; init; }

    /// <summary>Session token for temporary credentials; never logged.</summary>
    public string? SessionToken { get; init; }

    /// <summary>A named profile from the AWS shared config files.</summary>
    public string? Profile { get; init; }

    /// <summary>Objects copied at the same time (default 16).</summary>
    public int MaxParallelCopies { get; init; } = 16;

    /// <summary>
    /// Objects modified less than this long before the run are not settled yet: the run fails with objects_not_quiet and a
    /// later run retries (default zero: off).
    /// </summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.Zero;

    /// <summary>Attempts for a transient failure (throttling, 5xx, network) before it fails the run (default 5).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>
    /// Whether to copy server-side when the lake is an S3 lake on the same endpoint with the same credentials (default true).
    /// False always streams through Landfall.
    /// </summary>
    public bool ServerSideCopy { get; init; } = true;

    /// <summary>S3 refuses a CopyObject of a source larger than this (5 GiB): such a copy must be made of UploadPartCopy parts.</summary>
    public const int CopyObjectLimitMiB = 5120;

    /// <summary>
    /// Source objects with a multipart ETag larger than this are copied server-side in parts with UploadPartCopy (default 5120 MiB,
    /// S3's CopyObject limit). Sources with a plain MD5 ETag are copied whole up to that limit whatever this says, so that the lake's
    /// ETag of the copy stays comparable with theirs.
    /// </summary>
    public int MultipartCopyThresholdMiB { get; init; } = CopyObjectLimitMiB;

    /// <summary>Part size of a multipart server-side copy in MiB (default 512; S3 allows 5 to 5120).</summary>
    public int CopyPartSizeMiB { get; init; } = 512;

    /// <summary>UploadPartCopy requests of one multipart server-side copy running at the same time (default 4).</summary>
    public int CopyPartConcurrency { get; init; } = 4;
}
