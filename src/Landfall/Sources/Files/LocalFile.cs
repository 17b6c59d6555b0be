namespace Landfall.Sources.Files;

/// <summary>A regular file found in an entity's folder.</summary>
/// <param name="Path">Its path as listed (a symbolic link's own path when it is one).</param>
/// <param name="RelativePath">Path relative to the entity's folder ('/'-separated).</param>
/// <param name="ReadPath">What is read: <paramref name="Path"/>, or the regular file a symbolic link resolves to.</param>
/// <param name="Size">Size in bytes of what is read.</param>
/// <param name="ModifiedAt">Modification time (UTC) of what is read.</param>
internal sealed record LocalFile(string Path, string RelativePath, string ReadPath, long Size, DateTimeOffset ModifiedAt)
{
    /// <summary>True when <see cref="Path"/> is a symbolic link.</summary>
    public bool IsLink => !string.Equals(Path, ReadPath, StringComparison.Ordinal);

    /// <summary>The same file observed now, or null when it is gone.</summary>
    public LocalFile? Refresh()
    {
        var info = new FileInfo(ReadPath);
        return info.Exists ? this with { Size = info.Length, ModifiedAt = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero) } : null;
    }

    /// <summary>Whether <paramref name="later"/>, a later observation of this file, has the same size and modification time.</summary>
    public bool Unchanged(LocalFile? later) => later is not null && later.Size == Size && later.ModifiedAt == ModifiedAt;
}
