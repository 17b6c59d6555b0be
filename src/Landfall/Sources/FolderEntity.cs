using Landfall.Config;

namespace Landfall.Sources;

/// <summary>An entity of a folder-based kind (files, sftp): the matching files in the folder a date renders to.</summary>
internal sealed class FolderEntity : FileEntity
{
    /// <summary>The entity keys of folder-based kinds.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["directory", .. SelectionKeys];

    /// <summary>The folder, with date tokens.</summary>
    public required DateTemplate Directory { get; init; }

    /// <summary>An entity from its node; <paramref name="directory"/> has already been read (local and remote folders differ).</summary>
    public static FolderEntity Parse(string name, ConfigNode node, DateTemplate directory)
    {
        ArgumentNullException.ThrowIfNull(node);
        var (glob, recursive, allowEmpty, format) = ParseSelection(node);
        return new FolderEntity { Name = name, Directory = directory, Glob = glob, Recursive = recursive, AllowEmpty = allowEmpty, Format = format };
    }
}
