using Amazon.S3.Model;
using Landfall.IntegrationTests.S3;
using Landfall.Lake;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Safety;

/// <summary>Concurrency, crashes, signals and verify over a real S3-compatible server.</summary>
[Collection(S3Collection.Name)]
public sealed class S3SafetyTests(S3Server server) : SafetySuite
{
    private string _prefix = "";

    // Every point once on S3 (slower per request); the local suite kills each point twice: 20+ kills in all.
    protected override int CrashRepeats => 1;

    protected override int TimedKills => 2;

    // Two races of 8 runners on S3 (three on the local lake) keep the suite within a few minutes.
    protected override int ConcurrencyRounds => 2;

    protected override (ILake Lake, string Yaml) CreateLake()
    {
        var settings = server.NewLakeSettings();
        _prefix = settings.Prefix;
        return (server.NewLake(settings), S3Server.Yaml(settings));
    }

    protected override async Task TamperAsync(string key, bool remove)
    {
        var full = $"{_prefix}/{key}";
        if (remove)
        {
            await server.Client.DeleteObjectAsync(S3Server.Bucket, full);
            return;
        }
        using var original = await server.Client.GetObjectAsync(S3Server.Bucket, full);
        using var copy = new MemoryStream();
        await original.ResponseStream.CopyToAsync(copy);
        var bytes = copy.ToArray();
        bytes[0] ^= 0xFF;
        await server.Client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = S3Server.Bucket,
            Key = full,
            InputStream = new MemoryStream(bytes),
            UseChunkEncoding = false,
        });
    }
}
