namespace Landfall.Sources.Readiness;

/// <summary>A file (or object) as one listing saw it, without its content.</summary>
/// <param name="Path">Its full path (or key) as listed.</param>
/// <param name="RelativePath">Path relative to the entity's folder or prefix ('/'-separated).</param>
/// <param name="Name">Its name: the part after the last '/'.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="ModifiedAt">Modification time (UTC).</param>
internal sealed record ListedFile(string Path, string RelativePath, string Name, long Size, DateTimeOffset ModifiedAt)
{
    /// <summary>For a symbolic link on a local file system: the regular file it resolves to, which is what is read.</summary>
    public string? LinkTarget { get; init; }

    /// <summary>What is read: <see cref="Path"/>, or the file a link resolves to.</summary>
    public string ReadPath => LinkTarget ?? Path;

    /// <summary>The folder the file is in.</summary>
    public string Folder => Path[..Math.Max(0, Path.LastIndexOf('/'))];

    /// <summary>Whether <paramref name="later"/>, a later observation of this file, has the same size and modification time.</summary>
    public bool Unchanged(ListedFile? later) => later is not null && later.Size == Size && later.ModifiedAt == ModifiedAt;
}
