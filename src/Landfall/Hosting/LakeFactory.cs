using Landfall.Lake;
using Landfall.Lake.Local;
using Landfall.Lake.S3;
using Microsoft.Extensions.Logging;

namespace Landfall.Hosting;

/// <summary>Creates the lake a config names.</summary>
internal static class LakeFactory
{
    /// <summary>A local-folder lake or an S3 lake.</summary>
    public static ILake Create(LakeSettings settings, ILogger logger) => settings switch
    {
        LocalLakeSettings local => new LocalFolderLake(local.Path),
        S3LakeSettings s3 => new S3Lake(s3, logger),
        _ => throw new ArgumentException($"Unknown lake kind '{settings?.Kind}'.", nameof(settings)),
    };
}
