using System.Collections.Concurrent;
using Landfall.Lake;
using Landfall.Lake.Local;

namespace Landfall.Testing;

/// <summary>Local-folder lakes made for one test, in temporary folders that the <see cref="TestWorld"/> over them deletes when disposed.</summary>
public static class TemporaryLakes
{
    private static readonly ConcurrentDictionary<string, byte> Owned = new(StringComparer.Ordinal);

    /// <summary>A new empty local-folder lake and its <c>lake:</c> section.</summary>
    public static (ILake Lake, string Yaml) Create()
    {
        var root = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
        Owned[root] = 0;
        return (new LocalFolderLake(root), $"lake:\n  kind: local\n  path: {root}\n");
    }

    /// <summary>Deletes the lake's folder when <see cref="Create"/> made it; any other lake is left alone.</summary>
    internal static void Release(ILake lake)
    {
        if (lake is LocalFolderLake local && Owned.TryRemove(local.Root, out _) && Directory.Exists(local.Root))
        {
            Directory.Delete(local.Root, recursive: true);
        }
    }
}
