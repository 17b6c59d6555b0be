using Landfall.Lake;
using Landfall.Lake.Local;
using Landfall.Testing;

namespace Landfall.Tests.Reconcile;

/// <summary>Reconcile of a files source over the local-folder lake.</summary>
public sealed class LocalFolderReconcileTests : ReconcileSuite
{
    protected override (ILake Lake, string Yaml) CreateLake()
    {
        var root = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
        return (new LocalFolderLake(root), $"lake:\n  kind: local\n  path: {root}\n");
    }
}
