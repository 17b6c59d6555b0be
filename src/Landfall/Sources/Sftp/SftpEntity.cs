using Landfall.Config;

namespace Landfall.Sources.Sftp;

/// <summary>One entity of an SFTP source: the files matching <see cref="Glob"/> in the remote folder <see cref="Directory"/> renders to.</summary>
public sealed class SftpEntity
{
    /// <summary>Entity name.</summary>
    public required string Name { get; init; }

    /// <summary>The remote folder, with date tokens (relative paths are relative to the login folder).</summary>
    public required DateTemplate Directory { get; init; }

    /// <summary>File-name glob; default <c>*</c>.</summary>
    public required Glob Glob { get; init; }

    /// <summary>Whether to descend into sub-folders (default false).</summary>
    public bool Recursive { get; init; }

    /// <summary>Whether a date with no matching file is a success with zero files (default false: fails with no_files_yet).</summary>
    public bool AllowEmpty { get; init; }
}
