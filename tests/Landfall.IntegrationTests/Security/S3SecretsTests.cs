using Landfall.IntegrationTests.S3;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Security;

/// <summary>
/// A real ingest into the S3 server with a distinctive secret (the 'secrets:landfall' account that
/// scripts/services/s3/proxy-server.conf defines): the secret appears in no manifest, no object, no output, no log line.
/// </summary>
[Collection(S3Collection.Name)]
public sealed class S3SecretsTests(S3Server server) : IDisposable
{
    private const string AccessKey = "secrets:landfall";
    private const string Secret = "Zq7xLandfallS3cretValue42";
    private readonly string _folder = Directory.CreateTempSubdirectory("landfall-secrets-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_lake_secret_never_appears_in_manifests_output_or_logs()
    {
        var bucket = "landfall-secrets";
        using var client = new Amazon.S3.AmazonS3Client(AccessKey, Secret, new Amazon.S3.AmazonS3Config
        {
            ServiceURL = server.Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
        });
        try
        {
            await client.PutBucketAsync(bucket);
        }
        catch (Amazon.S3.AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
        var prefix = $"t-{Guid.NewGuid():N}";
        Directory.CreateDirectory(Path.Combine(_folder, "drop", "2026-01-01"));
        File.WriteAllText(Path.Combine(_folder, "drop", "2026-01-01", "a.csv"), "id\n1\n");
        var config = Path.Combine(_folder, "landfall.yaml");
        File.WriteAllText(config, $$"""
            lake:
              kind: s3
              bucket: {{bucket}}
              prefix: {{prefix}}
              endpoint: {{server.Endpoint}}
              access_key_id: ${LF_TEST_AK}
              secret_access_key: ${LF_TEST_SK}
            sources:
              - name: alpha
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: items
                    directory: drop/{date}
            """);
        var env = new Dictionary<string, string> { ["LF_TEST_AK"] = AccessKey, ["LF_TEST_SK"] = Secret };
        var outputs = new List<string>();
        foreach (var args in new[]
                 {
                     new[] { "run", "--date", "2026-01-01", "--json", "--log-format", "json", "--log-level", "debug" },
                     new[] { "run", "--date", "2026-01-01", "--log-level", "debug" },
                     new[] { "status", "--json" }, new[] { "history", "--source", "alpha" }, new[] { "verify", "--json" },
                 })
        {
            using var p = LandfallProcess.Start([.. args, "--config", config], env);
            var outcome = await p.WaitAsync();
            Assert.True(outcome.ExitCode == 0, $"{string.Join(' ', args)}: {outcome.Error}");
            outputs.Add(outcome.Out);
            outputs.Add(outcome.Error);
        }
        Assert.Contains(outputs, o => o.Contains("\"status\": \"success\"", StringComparison.Ordinal));

        var objects = await client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket, Prefix = prefix + "/" });
        Assert.Contains(objects.S3Objects, o => o.Key.Contains("_manifests/", StringComparison.Ordinal));
        foreach (var obj in objects.S3Objects)
        {
            using var body = await client.GetObjectAsync(bucket, obj.Key);
            using var reader = new StreamReader(body.ResponseStream);
            outputs.Add(await reader.ReadToEndAsync());
        }
        Assert.All(outputs, o => Assert.DoesNotContain(Secret, o));
    }
}
