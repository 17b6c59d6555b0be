using Landfall.Config;

namespace Landfall.Sources.Files;

/// <summary>One entity of a files source: the files matching <see cref="Glob"/> in the folder <see cref="Directory"/> renders to.</summary>
public sealed class FilesEntity
{
    /// <summary>Entity name.</summary>
    public required string Name { get; init; }

    /// <summary>The folder, with date tokens; relative paths were resolved against the config file's folder.</summary>
    public required DateTemplate Directory { get; init; }

    /// <summary>File-name glob; default <c>*</c>.</summary>
    public required Glob Glob { get; init; }

    /// <summary>Whether to descend into sub-folders (default false).</summary>
    public bool Recursive { get; init; }

    /// <summary>Whether a date with no matching file is a success with zero files (default false: fails with no_files_yet).</summary>
    public bool AllowEmpty { get; init; }
}
