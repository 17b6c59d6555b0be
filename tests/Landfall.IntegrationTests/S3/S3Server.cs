using Amazon.Runtime;
using Amazon.S3;
using Landfall.Config;
using Landfall.Lake;

namespace Landfall.IntegrationTests.S3;

/// <summary>
/// The real S3-compatible server (OpenStack Swift with s3api) the test command starts on 127.0.0.1.
/// Found through LANDFALL_S3_ENDPOINT (default http://127.0.0.1:9010); creates the buckets the tests use.
/// </summary>
public sealed class S3Server : IAsyncLifetime
{
    public const string Bucket = "landfall-it";

    public string Endpoint { get; } = Environment.GetEnvironmentVariable("LANDFALL_S3_ENDPOINT") ?? "http://127.0.0.1:9010";

    public string AccessKey { get; } = Environment.GetEnvironmentVariable("LANDFALL_S3_ACCESS_KEY") ?? "test:tester";

    public string SecretKey { get; } = Environment.GetEnvironmentVariable("LANDFALL_S3_SECRET_KEY") ?? "testing";

    public AmazonS3Client Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Client = new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
        {
            ServiceURL = Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
        try
        {
            await Client.PutBucketAsync(Bucket);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
        catch (Exception e) when (e is HttpRequestException or AmazonServiceException or IOException)
        {
            throw new InvalidOperationException(
                $"No S3-compatible server answers at {Endpoint}. Start one with 'scripts/services/up.sh s3' (or run ./test.sh, which does).", e);
        }
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Settings for a lake under a fresh, unique prefix of the test bucket.</summary>
    public S3LakeSettings NewLakeSettings(string? prefix = null) => new()
    {
        Bucket = Bucket,
        Prefix = prefix ?? $"t-{Guid.NewGuid():N}",
        Endpoint = Endpoint,
        Region = "us-east-1",
        ForcePathStyle = true,
        AccessKeyId = AccessKey,
        SecretAccessKey = SecretKey,
    };

    public static string Yaml(S3LakeSettings s) => $"""
        lake:
          kind: s3
          bucket: {s.Bucket}
          prefix: {s.Prefix}
          endpoint: {s.Endpoint}
          region: {s.Region}
          force_path_style: true
          access_key_id: "{s.AccessKeyId}"
          secret_access_key: "{s.SecretAccessKey}"

        """;

    public S3Lake NewLake(S3LakeSettings settings) => new(settings);
}

[CollectionDefinition(Name)]
public sealed class S3Collection : ICollectionFixture<S3Server>
{
    public const string Name = "s3";
}
