using Landfall.Config;
using Microsoft.Extensions.Logging;

namespace Landfall.Lake;

/// <summary>Creates the lake a config names.</summary>
public static class LakeFactory
{
    /// <summary>A <see cref="LocalFolderLake"/> or an <see cref="S3Lake"/>.</summary>
    public static ILake Create(LakeSettings settings, ILogger? logger = null) => settings switch
    {
        LocalLakeSettings local => new LocalFolderLake(local.Path),
        S3LakeSettings s3 => new S3Lake(s3, logger),
        _ => throw new ArgumentException($"Unknown lake kind '{settings?.Kind}'.", nameof(settings)),
    };
}
