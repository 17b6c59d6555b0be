using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Landfall.Azure;
using Landfall.Lake.Azure;

namespace Landfall.IntegrationTests.Azure;

/// <summary>
/// The Azure Blob Storage emulator (Azurite) the test command starts on 127.0.0.1 (scripts/services/azure). Found through
/// LANDFALL_AZURITE_URL (default http://127.0.0.1:10000/devstoreaccount1); account devstoreaccount1 with the emulator's well-known key.
/// </summary>
public sealed class AzureServer : IAsyncLifetime
{
    public const string Container = "landfall-it";

    public const string Account = "devstoreaccount1";

    /// <summary>The emulator's well-known account key (public: Microsoft documents it for every emulator).</summary>
    public const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public Uri AccountUrl { get; } = new(Environment.GetEnvironmentVariable("LANDFALL_AZURITE_URL") ?? "http://127.0.0.1:10000/devstoreaccount1");

    public BlobServiceClient Client { get; private set; } = null!;

    public string ConnectionString => $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};BlobEndpoint={AccountUrl};";

    public async Task InitializeAsync()
    {
        Client = new BlobServiceClient(AccountUrl, new StorageSharedKeyCredential(Account, Key));
        try
        {
            await Client.GetBlobContainerClient(Container).CreateIfNotExistsAsync();
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or IOException)
        {
            throw new InvalidOperationException(
                $"No Azure Blob Storage emulator answers at {AccountUrl}. Start one with 'scripts/services/up.sh azure' (or run ./test.sh, which does).", e);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public AzureConnectionSettings Connection(int maxAttempts = 5) => new() { AccountUrl = AccountUrl, AccountKey = Key, MaxAttempts = maxAttempts };

    /// <summary>Settings for a lake under a fresh, unique prefix of the test container.</summary>
    public AzureLakeSettings NewLakeSettings(string? prefix = null) => new()
    {
        Container = Container,
        Prefix = prefix ?? $"t-{Guid.NewGuid():N}",
        Connection = Connection(),
    };

    public static string Yaml(AzureLakeSettings s) => $"""
        lake:
          kind: azure
          container: {s.Container}
          prefix: {s.Prefix}
          account_url: {s.Connection.AccountUrl}
          account_key: "{s.Connection.AccountKey}"
          block_size_mib: {s.BlockSizeMiB}

        """;

    internal static AzureLake NewLake(AzureLakeSettings settings) => new(settings);

    /// <summary>A fresh container of the account (the source tests' partner container).</summary>
    public async Task<BlobContainerClient> NewContainerAsync()
    {
        var container = Client.GetBlobContainerClient($"src-{Guid.NewGuid():N}");
        await container.CreateAsync();
        return container;
    }
}

[CollectionDefinition(Name)]
public sealed class AzureCollection : ICollectionFixture<AzureServer>
{
    public const string Name = "azure";
}
