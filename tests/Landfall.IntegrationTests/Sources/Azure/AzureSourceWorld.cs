using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Landfall.Hosting;
using Landfall.IntegrationTests.Azure;
using Landfall.Lake;
using Landfall.Manifests;
using Landfall.Runs;
using Landfall.Sources.Azure;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Sources.Azure;

/// <summary>
/// One test's world: a fresh source container on Azurite, a lake (an Azure lake under a fresh prefix of the test container, unless a
/// test gives another), a config with one azure_blob source (entity 'exports', prefix exports/{date:yyyy/MM/dd}/, glob *.csv), and a
/// clock an hour after the real now, so blobs written by the test are an hour old unless a test moves it.
/// </summary>
internal sealed class AzureSourceWorld : IAsyncDisposable
{
    public static readonly DateOnly Date = new(2026, 1, 10);
    public const string DatePrefix = "exports/2026/01/10/";

    private readonly string _folder;

    public AzureSourceWorld(AzureServer server, BlobContainerClient container, string sourceYamlExtra = "", string entityYamlExtra = "",
        string? credentials = null, (ILake Lake, string Yaml)? lake = null)
    {
        SourceContainer = container;
        if (lake is { } given)
        {
            (Lake, LakeYaml) = given;
        }
        else
        {
            var settings = server.NewLakeSettings();
            (Lake, LakeYaml) = (AzureServer.NewLake(settings), AzureServer.Yaml(settings));
        }
        _folder = Directory.CreateTempSubdirectory("landfall-azsrc-").FullName;
        Clock = new FlowingClock(DateTimeOffset.UtcNow.AddHours(1));
        File.WriteAllText(ConfigPath, $"""
            env: test
            {LakeYaml}
            schedule:
              timezone: UTC
              lag_days: 1
            sources:
              - name: partner
                kind: azure_blob
                start_date: 2026-01-01
            {Indent(credentials ?? $"account_url: {server.AccountUrl}\naccount_key: \"{AzureServer.Key}\"", 4)}
            {(sourceYamlExtra.Contains("max_attempts", StringComparison.Ordinal) ? "" : "    max_attempts: 2")}
            {Indent(sourceYamlExtra, 4)}
                entities:
                  - name: exports
                    container: {container.Name}
                    prefix: "exports/{"{date:yyyy/MM/dd}"}/"
                    glob: "*.csv"
            {Indent(entityYamlExtra, 8)}
            """);
        Config = ConfigLoader.Load(ConfigPath);
    }

    public BlobContainerClient SourceContainer { get; }

    public ILake Lake { get; }

    public string LakeYaml { get; }

    public FlowingClock Clock { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public LandfallConfig Config { get; }

    public AzureBlobSource Source => (AzureBlobSource)Config.Sources[0];

    public string ConfigPath => Path.Combine(_folder, "landfall.yaml");

    public async Task<BlobContentInfo> PutAsync(string name, byte[] data, bool withMd5 = false)
    {
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv" } };
        if (withMd5)
        {
#pragma warning disable CA5351 // Content-MD5 is what Azure stores; the test sets it as a writer would.
            options.HttpHeaders.ContentHash = System.Security.Cryptography.MD5.HashData(data);
#pragma warning restore CA5351
        }
        return (await SourceContainer.GetBlobClient(name).UploadAsync(new BinaryData(data), options)).Value;
    }

    public Task<BlobContentInfo> PutAsync(string name, string text, bool withMd5 = false) =>
        PutAsync(name, System.Text.Encoding.UTF8.GetBytes(text), withMd5);

    public static void AssertSuccess(RunResult result) =>
        Assert.True(result.Status == RunStatus.Success, string.Join("; ", result.Errors.Select(e => $"{e.Type}: {e.Message}")));

    internal IngestRunner Runner() => TestHosts.Runner(Config, Lake, Logs, Clock);

    internal LandfallHost Host() => TestHosts.Host(Config, Lake, Logs, Clock);

    public Task<RunResult> RunAsync(bool force = false) => Runner().RunSourceAsync(Source, Date, new RunOptions { Force = force }, CancellationToken.None);

    public async Task<Manifest> ManifestAsync(RunResult result)
    {
        Assert.NotNull(result.ManifestKey);
        var bytes = await Lake.ReadSmallAsync(result.ManifestKey!, 16 << 20, CancellationToken.None);
        return JsonSerializer.Deserialize<Manifest>(bytes, ManifestFormat.Options)!;
    }

    public async Task<byte[]> ReadLakeAsync(string key)
    {
        await using var stream = await Lake.OpenReadAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>Every data key the lake holds under bronze/ (manifests and claims excluded).</summary>
    public async Task<List<string>> BronzeKeysAsync()
    {
        var keys = new List<string>();
        await foreach (var o in Lake.ListObjectsAsync("bronze/", CancellationToken.None))
        {
            keys.Add(o.Key);
        }
        return keys;
    }

    public static string Str(OutputObject o, string name) => o.Extra![name].GetString()!;

    public async ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        await SourceContainer.DeleteIfExistsAsync();
    }

    private static string Indent(string yaml, int spaces) =>
        string.Join("\n", yaml.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => new string(' ', spaces) + l));
}
