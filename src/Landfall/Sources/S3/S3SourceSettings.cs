using Landfall.Config;
using Landfall.S3;
using Landfall.Sources.Readiness;

namespace Landfall.Sources.S3;

/// <summary>Where an <c>s3</c> source lives and how it is copied: the source-level keys of its config section.</summary>
internal sealed record S3SourceSettings
{
    /// <summary>S3 refuses a CopyObject of a source larger than this (5 GiB): such a copy must be made of UploadPartCopy parts.</summary>
    public const int CopyObjectLimitMiB = 5120;

    public static readonly IntSetting MaxParallelCopiesSetting = new("max_parallel_copies", 16, 1, 256);
    public static readonly DurationSetting QuietPeriodSetting = new("quiet_period", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromDays(3650));
    public static readonly DurationSetting SettleIntervalSetting = new("settle_interval", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromHours(1));
    public static readonly IntSetting MultipartCopyThresholdMiBSetting = new("multipart_copy_threshold_mib", CopyObjectLimitMiB, 5, 5 * 1024 * 1024);
    public static readonly IntSetting CopyPartSizeMiBSetting = new("copy_part_size_mib", 512, 5, 5120);
    public static readonly IntSetting CopyPartConcurrencySetting = new("copy_part_concurrency", 4, 1, 64);
    public const bool DefaultServerSideCopy = true;

    /// <summary>The source-level config keys of the kind.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        .. S3ConnectionSettings.Keys, MaxParallelCopiesSetting.Key, QuietPeriodSetting.Key, .. ReadinessSettings.Keys(SettleIntervalSetting),
        "server_side_copy",
        MultipartCopyThresholdMiBSetting.Key, CopyPartSizeMiBSetting.Key, CopyPartConcurrencySetting.Key,
    ];

    /// <summary>Endpoint, region, credentials and retries.</summary>
    public S3ConnectionSettings Connection { get; init; } = new();

    /// <summary>Objects copied at the same time (default 16).</summary>
    public int MaxParallelCopies { get; init; } = MaxParallelCopiesSetting.Default;

    /// <summary>
    /// Objects modified less than this long before the run are not settled yet (file_not_settled: the run waits, or is late past
    /// the deadline); the older name of min_age (default zero: off).
    /// </summary>
    public TimeSpan QuietPeriod { get; init; } = QuietPeriodSetting.DefaultValue;

    /// <summary>
    /// When objects count as there, by the rules every file-like kind shares: settle_interval (default 0: one listing), min_age
    /// (for s3, quiet_period is the same rule under its older name), done_marker.
    /// </summary>
    public ReadinessSettings Readiness { get; init; } = new() { SettleInterval = SettleIntervalSetting.DefaultValue };

    /// <summary>
    /// Whether to copy server-side when the lake can copy from this source's endpoint with the same credentials (default true).
    /// False always streams through Landfall.
    /// </summary>
    public bool ServerSideCopy { get; init; } = DefaultServerSideCopy;

    /// <summary>
    /// Source objects with a multipart ETag larger than this are copied server-side in parts with UploadPartCopy (default 5120 MiB,
    /// S3's CopyObject limit). Sources with a plain MD5 ETag are copied whole up to that limit whatever this says, so that the lake's
    /// ETag of the copy stays comparable with theirs.
    /// </summary>
    public int MultipartCopyThresholdMiB { get; init; } = MultipartCopyThresholdMiBSetting.Default;

    /// <summary>Part size of a multipart server-side copy in MiB (default 512; S3 allows 5 to 5120).</summary>
    public int CopyPartSizeMiB { get; init; } = CopyPartSizeMiBSetting.Default;

    /// <summary>UploadPartCopy requests of one multipart server-side copy running at the same time (default 4).</summary>
    public int CopyPartConcurrency { get; init; } = CopyPartConcurrencySetting.Default;

    /// <summary>Reads and validates the source-level keys.</summary>
    public static S3SourceSettings Parse(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Child(QuietPeriodSetting.Key) is { } quiet && node.Child(ReadinessSettings.MinAgeSetting.Key) is not null)
        {
            throw quiet.Error("quiet_period and min_age are the same rule for an s3 source; give one of them");
        }
        var quietPeriod = node.Get(QuietPeriodSetting);
        return new S3SourceSettings
        {
            Connection = S3ConnectionSettings.Parse(node),
            MaxParallelCopies = node.Get(MaxParallelCopiesSetting),
            QuietPeriod = quietPeriod,
            Readiness = ReadinessSettings.Parse(node, SettleIntervalSetting, quietPeriod > TimeSpan.Zero ? quietPeriod : null),
            ServerSideCopy = node.Bool("server_side_copy", DefaultServerSideCopy),
            MultipartCopyThresholdMiB = node.Get(MultipartCopyThresholdMiBSetting),
            CopyPartSizeMiB = node.Get(CopyPartSizeMiBSetting),
            CopyPartConcurrency = node.Get(CopyPartConcurrencySetting),
        };
    }
}
