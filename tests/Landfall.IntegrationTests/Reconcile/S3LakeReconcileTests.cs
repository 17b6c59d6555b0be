using Landfall.IntegrationTests.S3;
using Landfall.Lake;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Reconcile;

/// <summary>Reconcile of a files source over a real S3-compatible lake (whole-second LastModified, real listings).</summary>
[Collection(S3Collection.Name)]
public sealed class S3LakeReconcileTests(S3Server server) : ReconcileSuite
{
    protected override int RaceRounds => 2;

    protected override (ILake Lake, string Yaml) CreateLake()
    {
        var settings = server.NewLakeSettings();
        return (server.NewLake(settings), S3Server.Yaml(settings));
    }
}
