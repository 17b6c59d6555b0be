using Landfall.Lake;
using Landfall.Lake.Local;
using Landfall.Testing;
using Xunit.Abstractions;

namespace Landfall.Tests.Safety;

/// <summary>Leases over the local-folder lake.</summary>
public sealed class LocalFolderLeaseTests(ITestOutputHelper output) : LeaseSuite(output)
{
    private string? _root;

    protected override string LakeName => "local folder";

    protected override (ILake Lake, string Yaml) CreateLake()
    {
        _root = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
        return (new LocalFolderLake(_root), $"lake:\n  kind: local\n  path: {_root}\n");
    }

    protected override void DisposeLake()
    {
        if (_root is not null)
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
