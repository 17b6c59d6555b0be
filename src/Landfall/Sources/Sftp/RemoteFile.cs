namespace Landfall.Sources.Sftp;

/// <summary>A regular file seen in a listing.</summary>
/// <param name="Path">Full remote path.</param>
/// <param name="RelativePath">Path relative to the entity's folder ('/'-separated).</param>
/// <param name="Name">File name.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="ModifiedAt">Modification time (UTC, whole seconds over SFTP v3).</param>
internal sealed record RemoteFile(string Path, string RelativePath, string Name, long Size, DateTimeOffset ModifiedAt)
{
    /// <summary>Whether <paramref name="later"/>, a later observation of this file, has the same size and modification time.</summary>
    public bool Unchanged(RemoteFile later) => later.Size == Size && later.ModifiedAt == ModifiedAt;

    /// <summary>The folder the file is in.</summary>
    public string Folder => Path[..Path.LastIndexOf('/')];
}
