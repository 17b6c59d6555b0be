using Landfall.Config;

namespace Landfall.Lake.Local;

/// <summary>A lake in a local folder (<c>kind: local</c>).</summary>
public sealed record LocalLakeSettings : LakeSettings
{
    /// <summary>The <c>kind:</c> value.</summary>
    public const string KindName = "local";

    /// <summary>The config keys of this lake kind.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["kind", "path"];

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override string Description => $"local folder {Path}";

    /// <summary>Absolute root folder.</summary>
    public required string Path { get; init; }

    /// <summary>Reads and validates a <c>kind: local</c> section.</summary>
    public static LocalLakeSettings Parse(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        node.OnlyKeys([.. Keys]);
        var pathNode = node.Required("path");
        var path = pathNode.AsPath();
        if (File.Exists(path))
        {
            throw pathNode.Error($"'{path}' is a file; the lake is a folder (created when missing)");
        }
        return new LocalLakeSettings { Path = path };
    }
}
