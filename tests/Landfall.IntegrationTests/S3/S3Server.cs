using Amazon.Runtime;
using Amazon.S3;
using Landfall.Lake.S3;
using Landfall.S3;

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

    /// <summary>
    /// A user of the same Swift account without .admin (scripts/services/s3/proxy-server.conf): S3 answers it AccessDenied for any
    /// bucket whose Swift ACLs do not name it (see <see cref="SetAclAsync"/>).
    /// </summary>
    public string ReaderAccessKey { get; } = Environment.GetEnvironmentVariable("LANDFALL_S3_READER_ACCESS_KEY") ?? "test:reader";

    public string ReaderSecretKey { get; } = Environment.GetEnvironmentVariable("LANDFALL_S3_READER_SECRET_KEY") ?? "readonly-secret-7";

    public AmazonS3Client Client { get; private set; } = null!;

    /// <summary>
    /// Sets a bucket's Swift container ACLs (X-Container-Read / X-Container-Write; an empty string removes one) through Swift's own
    /// API with the admin user's token: s3api without s3_acl has no per-user grants, tempauth enforces these for every S3 request.
    /// </summary>
    public async Task SetAclAsync(string bucket, string? read, string? write = null)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Endpoint) };
        using var auth = new HttpRequestMessage(HttpMethod.Get, "/auth/v1.0");
        auth.Headers.Add("X-Auth-User", AccessKey);
        auth.Headers.Add("X-Auth-Key", SecretKey);
        using var authed = await http.SendAsync(auth);
        authed.EnsureSuccessStatusCode();
        var storage = authed.Headers.GetValues("X-Storage-Url").Single();
        using var post = new HttpRequestMessage(HttpMethod.Post, $"{storage}/{Uri.EscapeDataString(bucket)}");
        post.Headers.Add("X-Auth-Token", authed.Headers.GetValues("X-Auth-Token").Single());
        if (read is not null)
        {
            post.Headers.Add("X-Container-Read", read);
        }
        if (write is not null)
        {
            post.Headers.Add("X-Container-Write", write);
        }
        using var posted = await http.SendAsync(post);
        Assert.True(posted.IsSuccessStatusCode, $"setting the ACL of {bucket}: {(int)posted.StatusCode}");
    }

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
        Connection = new S3ConnectionSettings
        {
            Endpoint = Endpoint,
            Region = "us-east-1",
            ForcePathStyle = true,
            AccessKeyId = AccessKey,
            SecretAccessKey = SecretKey,
        },
    };

    public static string Yaml(S3LakeSettings s) => $"""
        lake:
          kind: s3
          bucket: {s.Bucket}
          prefix: {s.Prefix}
          endpoint: {s.Connection.Endpoint}
          region: {s.Connection.Region}
          force_path_style: true
          access_key_id: "{s.Connection.AccessKeyId}"
          secret_access_key: "{s.Connection.SecretAccessKey}"

        """;

    internal S3Lake NewLake(S3LakeSettings settings) => new(settings);
}

[CollectionDefinition(Name)]
public sealed class S3Collection : ICollectionFixture<S3Server>
{
    public const string Name = "s3";
}
