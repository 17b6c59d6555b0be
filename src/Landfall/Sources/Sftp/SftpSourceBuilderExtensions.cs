using Landfall.Sources.Sftp;

// In the builder's namespace, as registration extensions are in .NET (see LocalLakeBuilderExtensions).
namespace Landfall.Hosting;

/// <summary>Registers the <c>sftp</c> source kind.</summary>
public static class SftpSourceBuilderExtensions
{
    /// <summary>Lets a config name <c>kind: sftp</c> sources: a partner's drop on an SFTP server.</summary>
    public static LandfallHostBuilder AddSftpSource(this LandfallHostBuilder builder) =>
        (builder ?? throw new ArgumentNullException(nameof(builder))).AddSourceKind(new SftpSourceKind());
}
