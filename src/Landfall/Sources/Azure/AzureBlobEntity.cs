using Landfall.Config;

namespace Landfall.Sources.Azure;

/// <summary>One entity of an azure_blob source: the blobs of <see cref="Container"/> under the rendered <see cref="Prefix"/> matching the glob.</summary>
/// <remarks>The glob matches a blob's name after its last '/'.</remarks>
internal sealed class AzureBlobEntity : FileEntity
{
    /// <summary>The entity keys of the azure_blob kind.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["container", "prefix", .. SelectionKeys];

    /// <summary>The source container.</summary>
    public required string Container { get; init; }

    /// <summary>The blob-name prefix, with date tokens (<c>exports/{date:yyyy/MM/dd}/</c>); may be empty.</summary>
    public required DateTemplate Prefix { get; init; }

    /// <summary>An entity from its node.</summary>
    public static AzureBlobEntity Parse(string name, ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var containerNode = node.Required("container");
        var container = containerNode.AsString();
        if (!IsContainerName(container))
        {
            throw containerNode.Error($"'{container}' is not a container name (3 to 63 lowercase letters, digits and single dashes, " +
                "starting with a letter or digit)");
        }
        var prefixNode = node.Child("prefix");
        var prefix = prefixNode?.AsDateTemplate() ?? DateTemplate.Parse("");
        if (prefix.Text.StartsWith('/'))
        {
            throw prefixNode!.Error("a blob-name prefix does not start with '/'");
        }
        (prefixNode ?? node).WarnWithoutDateToken(prefix, "prefix");
        var (glob, recursive, allowEmpty, format) = ParseSelection(node);
        return new AzureBlobEntity
        {
            Name = name, Container = container, Prefix = prefix, Glob = glob, Recursive = recursive, AllowEmpty = allowEmpty, Format = format,
        };
    }

    /// <summary>Azure's container naming rule ($root and $web are the two special names).</summary>
    private static bool IsContainerName(string name) =>
        name is "$root" or "$web"
        || (name.Length is >= 3 and <= 63 && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && !name.Contains("--", StringComparison.Ordinal));
}
