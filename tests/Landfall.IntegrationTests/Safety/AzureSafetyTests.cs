using Landfall.IntegrationTests.Azure;
using Landfall.Lake;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Safety;

/// <summary>Concurrency, crashes, signals and verify over Azure Blob Storage (Azurite), claims decided by conditional creates.</summary>
[Collection(AzureCollection.Name)]
public sealed class AzureSafetyTests(AzureServer server) : SafetySuite
{
    private string _prefix = "";

    protected override int CrashRepeats => 1;

    protected override int TimedKills => 2;

    protected override int ConcurrencyRounds => 2;

    protected override (ILake Lake, string Yaml) CreateLake()
    {
        var settings = server.NewLakeSettings();
        _prefix = settings.Prefix;
        return (AzureServer.NewLake(settings), AzureServer.Yaml(settings));
    }

    protected override async Task TamperAsync(string key, bool remove)
    {
        var blob = server.Client.GetBlobContainerClient(AzureServer.Container).GetBlobClient($"{_prefix}/{key}");
        if (remove)
        {
            await blob.DeleteAsync();
            return;
        }
        var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        bytes[0] ^= 0xFF;
        await blob.UploadAsync(new BinaryData(bytes), overwrite: true);
    }
}
