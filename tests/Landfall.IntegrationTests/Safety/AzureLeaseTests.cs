using Landfall.IntegrationTests.Azure;
using Landfall.Lake;
using Landfall.Testing;
using Xunit.Abstractions;

namespace Landfall.IntegrationTests.Safety;

/// <summary>Leases over Azure Blob Storage, where a date is claimed by one conditional create (one-second Last-Modified).</summary>
[Collection(AzureCollection.Name)]
public sealed class AzureLeaseTests(AzureServer server, ITestOutputHelper output) : LeaseSuite(output)
{
    protected override string LakeName => "Azure (Azurite)";

    protected override (ILake Lake, string Yaml) CreateLake()
    {
        var settings = server.NewLakeSettings();
        return (AzureServer.NewLake(settings), AzureServer.Yaml(settings));
    }
}
