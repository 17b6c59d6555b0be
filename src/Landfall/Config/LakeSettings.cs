namespace Landfall.Config;

/// <summary>The <c>lake:</c> section: a local folder (default) or an S3 bucket.</summary>
public abstract record LakeSettings
{
    /// <summary>local or s3.</summary>
    public abstract string Kind { get; }
}

/// <summary>A lake in a local folder.</summary>
public sealed record LocalLakeSettings : LakeSettings
{
    /// <inheritdoc />
    public override string Kind => "local";

    /// <summary>Absolute root folder.</summary>
    public required string Path { get; init; }
}

/// <summary>A lake in an S3 bucket.</summary>
public sealed record S3LakeSettings : LakeSettings
{
    /// <inheritdoc />
    public override string Kind => "s3";

    /// <summary>Bucket name.</summary>
    public required string Bucket { get; init; }

    /// <summary>Optional key prefix every lake key goes under (no leading or trailing '/').</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Endpoint override for S3-compatible servers (http://127.0.0.1:9010); null for AWS.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Region (default us-east-1).</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Path-style addressing (default true with an endpoint override, false otherwise).</summary>
    public bool? ForcePathStyle { get; init; }

    /// <summary>Access key id; null to use the standard AWS credential chain.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>Secret access key; never logged.</summary>
    public string? SecretAccessKey { get; init; }

    /// <summary>Session token for temporary credentials; never logged.</summary>
    public string? SessionToken { get; init; }

    /// <summary>A named profile from the AWS shared config files.</summary>
    public string? Profile { get; init; }

    /// <summary>SSE-KMS key id applied to every put (data and manifests); off when null.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>Attempts for a transient failure (throttling, 5xx, network) before it fails the run (default 5).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Part size of multipart uploads in MiB (default 16); also the most a put holds in memory.</summary>
    public int PartSizeMiB { get; init; } = 16;
}
