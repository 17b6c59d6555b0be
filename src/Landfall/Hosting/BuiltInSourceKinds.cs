using Landfall.Sources;
using Landfall.Sources.Files;
using Landfall.Sources.Postgres;
using Landfall.Sources.S3;
using Landfall.Sources.Sftp;

namespace Landfall.Hosting;

/// <summary>The source kinds every host knows; more are added with <see cref="LandfallHostBuilder.AddSourceKind"/>.</summary>
public static class BuiltInSourceKinds
{
    /// <summary>files, s3, postgres and sftp.</summary>
    public static IReadOnlyList<ISourceKind> All { get; } =
    [
        new FilesSourceKind(),
        new S3SourceKind(),
        new PostgresSourceKind(),
        new SftpSourceKind(),
    ];
}
