using Landfall.Lake;
using Landfall.Lake.Local;
using Landfall.Testing;
using Xunit.Abstractions;

namespace Landfall.Tests.Safety;

/// <summary>Leases over the local-folder lake.</summary>
public sealed class LocalFolderLeaseTests(ITestOutputHelper output) : LeaseSuite(output)
{
    protected override string LakeName => "local folder";

    protected override (ILake Lake, string Yaml) CreateLake()
    {
        var root = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
        return (new LocalFolderLake(root), $"lake:\n  kind: local\n  path: {root}\n");
    }
}
