using Landfall.IntegrationTests.S3;
using Landfall.Lake;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Ledger;

/// <summary>The ledger index over a real S3-compatible lake: whole-second LastModified (ties come by themselves), real ETags and listings.</summary>
[Collection(S3Collection.Name)]
public sealed class S3LedgerIndexTests(S3Server server) : LedgerIndexSuite
{
    protected override int Iterations => 6;

    protected override (ILake Lake, string Yaml) CreateLake()
    {
        var settings = server.NewLakeSettings();
        return (server.NewLake(settings), S3Server.Yaml(settings));
    }
}
