using Landfall.Lake;
using Landfall.Testing;

namespace Landfall.Tests.Reconcile;

/// <summary>Reconcile of a files source over the local-folder lake.</summary>
public sealed class LocalFolderReconcileTests : ReconcileSuite
{
    protected override (ILake Lake, string Yaml) CreateLake() => TemporaryLakes.Create();
}
