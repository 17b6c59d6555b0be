using Landfall.Azure;
using Landfall.Config;
using Landfall.Sources.Readiness;

namespace Landfall.Sources.Azure;

/// <summary>Where an <c>azure_blob</c> source lives and how it is copied: the source-level keys of its config section.</summary>
internal sealed record AzureBlobSourceSettings
{
    public static readonly IntSetting MaxParallelCopiesSetting = new("max_parallel_copies", 16, 1, 256);
    public static readonly DurationSetting SettleIntervalSetting = new("settle_interval", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromHours(1));
    public static readonly DurationSetting CopySasLifetimeSetting = new("copy_sas_lifetime", TimeSpan.FromHours(1), TimeSpan.FromMinutes(5),
        TimeSpan.FromDays(7));
    public const bool DefaultServerSideCopy = true;

    /// <summary>The source-level config keys of the kind.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        .. AzureConnectionSettings.Keys, MaxParallelCopiesSetting.Key, .. ReadinessSettings.Keys(SettleIntervalSetting), "server_side_copy",
        CopySasLifetimeSetting.Key,
    ];

    /// <summary>Account, credentials and retries.</summary>
    public AzureConnectionSettings Connection { get; init; } = new();

    /// <summary>Blobs copied at the same time (default 16).</summary>
    public int MaxParallelCopies { get; init; } = MaxParallelCopiesSetting.Default;

    /// <summary>When blobs count as there, by the rules every file-like kind shares: settle_interval, min_age, done_marker.</summary>
    public ReadinessSettings Readiness { get; init; } = new() { SettleInterval = SettleIntervalSetting.DefaultValue };

    /// <summary>
    /// Whether to copy server-side (Copy Blob) when the lake is an Azure lake in the same storage account (default true). False always
    /// streams through Landfall.
    /// </summary>
    public bool ServerSideCopy { get; init; } = DefaultServerSideCopy;

    /// <summary>How long the read-only SAS a server-side copy hands the service for the source blob stays valid (default 1h).</summary>
    public TimeSpan CopySasLifetime { get; init; } = CopySasLifetimeSetting.DefaultValue;

    /// <summary>Reads and validates the source-level keys.</summary>
    public static AzureBlobSourceSettings Parse(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new AzureBlobSourceSettings
        {
            Connection = AzureConnectionSettings.Parse(node),
            MaxParallelCopies = node.Get(MaxParallelCopiesSetting),
            Readiness = ReadinessSettings.Parse(node, SettleIntervalSetting),
            ServerSideCopy = node.Bool("server_side_copy", DefaultServerSideCopy),
            CopySasLifetime = node.Get(CopySasLifetimeSetting),
        };
    }
}
