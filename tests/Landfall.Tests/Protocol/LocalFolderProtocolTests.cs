using Landfall.Lake;
using Landfall.Lake.Local;
using Landfall.Testing;

namespace Landfall.Tests.Protocol;

/// <summary>The manifest protocol over the local-folder lake.</summary>
public sealed class LocalFolderProtocolTests : ManifestProtocolSuite
{
    protected override (ILake Lake, string Yaml) CreateLake() => TemporaryLakes.Create();

    protected override Task<bool> ForceSameLastModifiedAsync(IReadOnlyList<string> keys)
    {
        var root = ((LocalFolderLake)Lake).Root;
        var when = DateTime.UtcNow;
        foreach (var key in keys)
        {
            File.SetLastWriteTimeUtc(Path.Combine(root, key), when);
        }
        return Task.FromResult(true);
    }
}
