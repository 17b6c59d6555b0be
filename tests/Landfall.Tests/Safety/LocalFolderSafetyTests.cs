using Landfall.Lake;
using Landfall.Lake.Local;
using Landfall.Testing;

namespace Landfall.Tests.Safety;

/// <summary>Concurrency, crashes, signals and verify over the local-folder lake.</summary>
public sealed class LocalFolderSafetyTests : SafetySuite
{
    protected override (ILake Lake, string Yaml) CreateLake() => TemporaryLakes.Create();

    protected override async Task TamperAsync(string key, bool remove)
    {
        var path = Path.Combine(((LocalFolderLake)World.Lake).Root, key);
        if (remove)
        {
            File.Delete(path);
            return;
        }
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[0] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);
    }
}
