using Landfall.Config;
using Landfall.S3;

namespace Landfall.Lake.S3;

/// <summary>A lake in an S3 bucket (<c>kind: s3</c>).</summary>
public sealed record S3LakeSettings : LakeSettings
{
    /// <summary>The <c>kind:</c> value.</summary>
    public const string KindName = "s3";

    /// <summary>Part size of multipart uploads in MiB; also the most a put holds in memory, twice.</summary>
    public static readonly IntSetting PartSizeMiBSetting = new("part_size_mib", 16, 5, 512);

    /// <summary>
    /// How long a server-side copy (CopyObject, UploadPartCopy, CompleteMultipartUpload) may take to answer: it moves no byte through
    /// Landfall, so its only sign of life is the answer.
    /// </summary>
    public static readonly DurationSetting CopyTimeoutSetting = new("copy_timeout", TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));

    /// <summary>The config keys of this lake kind.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["kind", "bucket", "prefix", "kms_key_id", PartSizeMiBSetting.Key, CopyTimeoutSetting.Key, .. S3ConnectionSettings.Keys];

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override string Description => $"s3://{Bucket}/{(Prefix.Length == 0 ? "" : Prefix + "/")}" +
        (Connection.Endpoint is null ? "" : $" at {Connection.Endpoint}");

    /// <summary>Bucket name.</summary>
    public required string Bucket { get; init; }

    /// <summary>Optional key prefix every lake key goes under (no leading or trailing '/').</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Endpoint, region and credentials.</summary>
    public S3ConnectionSettings Connection { get; init; } = new();

    /// <summary>SSE-KMS key id applied to every put (data and manifests); off when null.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>Part size of multipart uploads in MiB (default 16); also the most a put holds in memory.</summary>
    public int PartSizeMiB { get; init; } = PartSizeMiBSetting.Default;

    /// <summary>How long a server-side copy may take to answer, per attempt (default 15m).</summary>
    public TimeSpan CopyTimeout { get; init; } = CopyTimeoutSetting.DefaultValue;

    /// <summary>Reads and validates a <c>kind: s3</c> section.</summary>
    public static S3LakeSettings Parse(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        node.OnlyKeys([.. Keys]);
        var prefix = node.OptionalString("prefix")?.Trim('/') ?? "";
        if (prefix.Length > 0)
        {
            try
            {
                LakeKey.Validate(prefix);
            }
            catch (ArgumentException e)
            {
                throw node.Required("prefix").Error(e.Message);
            }
        }
        return new S3LakeSettings
        {
            Bucket = node.Text("bucket"),
            Prefix = prefix,
            Connection = S3ConnectionSettings.Parse(node),
            KmsKeyId = node.OptionalString("kms_key_id"),
            PartSizeMiB = node.Get(PartSizeMiBSetting),
            CopyTimeout = node.Get(CopyTimeoutSetting),
        };
    }
}
