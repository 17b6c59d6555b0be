using Landfall.Azure;
using Landfall.Config;

namespace Landfall.Lake.Azure;

/// <summary>A lake in an Azure Blob Storage container (<c>kind: azure</c>).</summary>
public sealed record AzureLakeSettings : LakeSettings
{
    /// <summary>The <c>kind:</c> value.</summary>
    public const string KindName = "azure";

    /// <summary>Block size of a large put in MiB; a put smaller than one block is a single Put Blob.</summary>
    public static readonly IntSetting BlockSizeMiBSetting = new("block_size_mib", 8, 1, 4000);

    /// <summary>Blocks of one put uploading at the same time; a put holds at most this many blocks plus one in memory.</summary>
    public static readonly IntSetting BlocksInFlightSetting = new("blocks_in_flight", 4, 1, 64);

    /// <summary>The config keys of this lake kind.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["kind", "container", "prefix", BlockSizeMiBSetting.Key, BlocksInFlightSetting.Key, .. AzureConnectionSettings.Keys];

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override string Description =>
        $"azure container '{Container}'{(Prefix.Length == 0 ? "" : $" under '{Prefix}/'")} in {Connection.Where}";

    /// <summary>The container name (3 to 63 lowercase letters, digits and dashes).</summary>
    public required string Container { get; init; }

    /// <summary>Optional blob-name prefix every lake key goes under (no leading or trailing '/').</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Account and credentials.</summary>
    public AzureConnectionSettings Connection { get; init; } = new();

    /// <summary>Block size of a large put in MiB (default 8).</summary>
    public int BlockSizeMiB { get; init; } = BlockSizeMiBSetting.Default;

    /// <summary>Blocks of one put uploading at the same time (default 4).</summary>
    public int BlocksInFlight { get; init; } = BlocksInFlightSetting.Default;

    /// <summary>Reads and validates a <c>kind: azure</c> section.</summary>
    public static AzureLakeSettings Parse(ConfigNode node)
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
        var containerNode = node.Required("container");
        var container = containerNode.AsString();
        if (!IsContainerName(container))
        {
            throw containerNode.Error($"'{container}' is not a container name (3 to 63 lowercase letters, digits and single dashes, " +
                "starting with a letter or digit)");
        }
        return new AzureLakeSettings
        {
            Container = container,
            Prefix = prefix,
            Connection = AzureConnectionSettings.Parse(node),
            BlockSizeMiB = node.Get(BlockSizeMiBSetting),
            BlocksInFlight = node.Get(BlocksInFlightSetting),
        };
    }

    /// <summary>Azure's container naming rule.</summary>
    public static bool IsContainerName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length is >= 3 and <= 63 && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && !name.Contains("--", StringComparison.Ordinal);
    }
}
