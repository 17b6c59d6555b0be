using Landfall.Config;
using Landfall.Sources.Readiness;

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

    /// <inheritdoc />
    public IReadOnlyList<Type> SettingsTypes => [typeof(ReadinessSettings), typeof(SftpSettings)];

    /// <inheritdoc />
    public string? StarterConfig => """
        # A partner's drop on an SFTP server: the host key is pinned, only settled files are taken.
        - name: partner_sftp
          kind: sftp
          start_date: 2026-01-01
          host: sftp.partner.example
          username: landfall
          private_key_env: PARTNER_SFTP_KEY   # a variable holding the private key (or private_key: a file, or password)
          # host_key_fingerprint: "SHA256:..."  # landfall check prints the one the server presents; pin it after confirming
          settle_interval: 30s                # two listings this far apart must agree before a file is taken
          entities:
            - name: invoices
              directory: /outgoing/{date:yyyyMMdd}
              glob: "*.csv"
        """;
}
