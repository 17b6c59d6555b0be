using Landfall.IntegrationTests.Azure;
using Landfall.Lake;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Protocol;

/// <summary>The manifest protocol over Azure Blob Storage (Azurite: one-second Last-Modified, real continuation tokens).</summary>
[Collection(AzureCollection.Name)]
public sealed class AzureProtocolTests(AzureServer server) : ManifestProtocolSuite
{
    protected override (ILake Lake, string Yaml) CreateLake()
    {
        var settings = server.NewLakeSettings();
        return (AzureServer.NewLake(settings), AzureServer.Yaml(settings));
    }

    // The service sets Last-Modified itself; the suite writes within one second instead.
    protected override Task<bool> ForceSameLastModifiedAsync(IReadOnlyList<string> keys) => Task.FromResult(false);
}
