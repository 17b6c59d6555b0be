using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Landfall.Hosting;
using Landfall.IntegrationTests.S3;
using Landfall.Lake;
using Landfall.Lake.S3;
using Landfall.Manifests;
using Landfall.Progress;
using Landfall.Runs;
using Landfall.Sources.S3;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Sources.S3;

/// <summary>
/// One test's world: a fresh source bucket on the real server, an S3 lake under a fresh prefix of another bucket, a config with one
/// s3 source (entity 'exports', prefix exports/{date:yyyy/MM/dd}/), and a clock set an hour after the real now, so objects written
/// by the test are an hour old unless a test moves it.
/// </summary>
internal sealed class S3SourceWorld : IAsyncDisposable
{
    public static readonly DateOnly Date = new(2026, 1, 10);
    public const string DatePrefix = "exports/2026/01/10/";

    private readonly S3Server _server;
    private readonly string _folder;

    public S3SourceWorld(S3Server server, string sourceYamlExtra = "", string entityYamlExtra = "", string? endpoint = null,
        string? secret = null, string? bucket = null, S3LakeSettings? lake = null, string? accessKey = null)
    {
        _server = server;
        SourceBucket = bucket ?? $"landfall-src-{Guid.NewGuid():N}"[..30];
        LakeSettings = lake ?? server.NewLakeSettings();
        Lake = new S3Lake(LakeSettings);
        _folder = Directory.CreateTempSubdirectory("landfall-s3src-").FullName;
        Clock = new FlowingClock(DateTimeOffset.UtcNow.AddHours(1));
        File.WriteAllText(ConfigPath, $"""
            env: test
            {S3Server.Yaml(LakeSettings)}
            schedule:
              timezone: UTC
              lag_days: 1
            sources:
              - name: partner
                kind: s3
                start_date: 2026-01-01
                endpoint: {endpoint ?? server.Endpoint}
                region: us-east-1
                force_path_style: true
                access_key_id: "{accessKey ?? server.AccessKey}"
                secret_access_key: "{secret ?? server.SecretKey}"
            {(sourceYamlExtra.Contains("max_attempts", StringComparison.Ordinal) ? "" : "    max_attempts: 2")}
            {Indent(sourceYamlExtra, 4)}
                entities:
                  - name: exports
                    bucket: {SourceBucket}
                    prefix: "exports/{"{date:yyyy/MM/dd}"}/"
                    glob: "*.csv"
            {Indent(entityYamlExtra, 8)}
            """);
        Config = ConfigLoader.Load(ConfigPath);
    }

    public string SourceBucket { get; }

    public S3LakeSettings LakeSettings { get; }

    internal S3Lake Lake { get; }

    public FlowingClock Clock { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public LandfallConfig Config { get; }

    public S3Source Source => (S3Source)Config.Sources[0];

    public string ConfigPath => Path.Combine(_folder, "landfall.yaml");

    public AmazonS3Client Client => _server.Client;

    public async Task CreateBucketAsync()
    {
        try
        {
            await Client.PutBucketAsync(SourceBucket);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou")
        {
        }
    }

    public Task<PutObjectResponse> PutAsync(string key, byte[] data) => Client.PutObjectAsync(new PutObjectRequest
    {
        BucketName = SourceBucket,
        Key = key,
        InputStream = new MemoryStream(data),
        UseChunkEncoding = false,
        ContentType = "text/csv",
    });

    public Task<PutObjectResponse> PutAsync(string key, string text) => PutAsync(key, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Uploads <paramref name="data"/> as a multipart upload of <paramref name="partSize"/> parts, so its ETag is md5-N.</summary>
    public async Task<string> PutMultipartAsync(string key, byte[] data, int partSize)
    {
        var init = await Client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = SourceBucket, Key = key });
        var parts = new List<PartETag>();
        for (int offset = 0, n = 1; offset < data.Length; offset += partSize, n++)
        {
            var length = Math.Min(partSize, data.Length - offset);
            var part = await Client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = SourceBucket,
                Key = key,
                UploadId = init.UploadId,
                PartNumber = n,
                PartSize = length,
                InputStream = new MemoryStream(data, offset, length),
                UseChunkEncoding = false,
            });
            parts.Add(new PartETag(n, part.ETag));
        }
        var done = await Client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = SourceBucket,
            Key = key,
            UploadId = init.UploadId,
            PartETags = parts,
        });
        return done.ETag.Trim('"');
    }

    public static void AssertSuccess(RunResult result) =>
        Assert.True(result.Status == RunStatus.Success, string.Join("; ", result.Errors.Select(e => $"{e.Type}: {e.Message}")));

    internal IngestRunner Runner() => TestHosts.Runner(Config, Lake, Logs, Clock);

    internal TestManifests Store() => new(Lake, Logs.CreateLogger("test"));

    public Task<RunResult> RunAsync(bool force = false) => Runner().RunSourceAsync(Source, Date, new RunOptions { Force = force }, CancellationToken.None);

    public Task<RunResult> RunAsync(RunProgress progress) => Runner().RunSourceAsync(Source, Date, new RunOptions { Progress = progress }, CancellationToken.None);

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
        Lake.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        await Task.CompletedTask;
    }

    private static string Indent(string yaml, int spaces) =>
        string.Join("\n", yaml.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => new string(' ', spaces) + l));
}
