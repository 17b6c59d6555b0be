using Landfall.Config;

namespace Landfall.Sources.Sftp;

/// <summary>The <c>sftp</c> kind: a partner's drop on an SFTP server, with a pinned host key and settled files only.</summary>
public sealed class SftpSourceKind : ISourceKind
{
    /// <inheritdoc />
    public string Kind => "sftp";

    /// <inheritdoc />
    public IReadOnlyList<string> SourceKeys => SftpSettings.Keys;

    /// <inheritdoc />
    public ISource Create(string name, DateOnly startDate, ConfigNode node) =>
        new SftpSource(name, startDate, SftpSettings.Parse(node),
            SourceEntities.Parse(node, FolderEntity.Keys, (entityName, e) => FolderEntity.Parse(entityName, e, e.Required("directory").AsFolderTemplate())));
}
