using System.Security.Cryptography;
using Amazon.S3.Model;
using Landfall.IntegrationTests.S3;
using Landfall.Lake;
using Landfall.Lake.S3;
using Landfall.S3;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Lake;

/// <summary>What the S3 lake does beyond the protocol: streaming multipart puts, prefixes, clear errors, retries.</summary>
[Collection(S3Collection.Name)]
public sealed class S3LakeTests(S3Server server)
{
    [Fact]
    public async Task A_put_larger_than_one_part_streams_as_a_multipart_upload_and_reads_back_identical()
    {
        var settings = server.NewLakeSettings() with { PartSizeMiB = 5 };
        using var lake = new S3Lake(settings);
        var data = RandomNumberGenerator.GetBytes(12 * 1024 * 1024 + 12345);

        var info = await lake.PutAsync("bronze/big.bin", new NonSeekableStream(data), "application/octet-stream", CancellationToken.None);

        Assert.Equal(data.Length, info.Size);
        Assert.EndsWith("-3", info.ETag); // three parts: 5 + 5 + 2 MiB
        var head = await lake.HeadAsync("bronze/big.bin", CancellationToken.None);
        Assert.Equal(data.Length, head!.Size);
        await using var read = await lake.OpenReadAsync("bronze/big.bin", CancellationToken.None);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(copy.ToArray()));
    }

    [Fact]
    public async Task Keys_live_under_the_configured_prefix_and_listing_strips_it()
    {
        var settings = server.NewLakeSettings();
        using var lake = new S3Lake(settings);
        await lake.PutAsync("a/b/c.json", new MemoryStream("{}"u8.ToArray()), "application/json", CancellationToken.None);
        await lake.PutAsync("a/d.json", new MemoryStream("{}"u8.ToArray()), "application/json", CancellationToken.None);

        var raw = await server.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3Server.Bucket, Prefix = settings.Prefix + "/" });
        Assert.Equal([$"{settings.Prefix}/a/b/c.json", $"{settings.Prefix}/a/d.json"], raw.S3Objects.Select(o => o.Key).Order());
        var page = await lake.ListPageAsync("a/", "/", null, CancellationToken.None);
        Assert.Equal(["a/b/"], page.CommonPrefixes);
        Assert.Equal(["a/d.json"], page.Objects.Select(o => o.Key));
        var get = await server.Client.GetObjectMetadataAsync(S3Server.Bucket, $"{settings.Prefix}/a/d.json");
        Assert.Equal("application/json", get.Headers.ContentType);
    }

    [Fact]
    public async Task A_missing_bucket_fails_with_a_message_naming_the_bucket()
    {
        var settings = new S3LakeSettings
        {
            Bucket = "landfall-no-such-bucket",
            Connection = new S3ConnectionSettings
            {
                Endpoint = server.Endpoint,
                ForcePathStyle = true,
                AccessKeyId = server.AccessKey,
                SecretAccessKey = server.SecretKey,
                MaxAttempts = 1,
            },
        };
        using var lake = new S3Lake(settings);
        var e = await Assert.ThrowsAsync<LakeException>(() => lake.ListPageAsync("_manifests/", "/", null, CancellationToken.None));
        Assert.Contains("landfall-no-such-bucket", e.Message);
        Assert.Contains("does not exist", e.Message);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task Wrong_credentials_fail_at_once_without_the_secret_in_the_message()
    {
        var settings = server.NewLakeSettings();
        settings = settings with { Connection = settings.Connection with { SecretAccessKey = "wrong-secret-value-123", MaxAttempts = 1 } };
        using var lake = new S3Lake(settings);
        var e = await Assert.ThrowsAsync<LakeException>(() => lake.ListPageAsync("", null, null, CancellationToken.None));
        Assert.Contains("denied", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("wrong-secret-value-123", e.ToString());
    }

    [Fact]
    public async Task An_SSE_KMS_key_is_sent_on_every_put_and_a_server_without_KMS_is_reported_clearly()
    {
        // Swift's s3api answers 501 to SSE: the put must fail (never silently unencrypted) with a message that says why.
        var settings = server.NewLakeSettings();
        settings = settings with { KmsKeyId = "arn:aws:kms:us-east-1:111122223333:key/test", Connection = settings.Connection with { MaxAttempts = 1 } };
        using var lake = new S3Lake(settings);
        var e = await Assert.ThrowsAsync<LakeException>(() =>
            lake.PutAsync("x.json", new MemoryStream("{}"u8.ToArray()), "application/json", CancellationToken.None));
        Assert.Contains("SSE-KMS", e.Message);
        Assert.Null(await new S3Lake(server.NewLakeSettings(settings.Prefix)).HeadAsync("x.json", CancellationToken.None));
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_backoff_each_attempt_logged_then_fail()
    {
        // Nothing listens on this port: connection refused is transient.
        var settings = new S3LakeSettings
        {
            Bucket = "b",
            Connection = new S3ConnectionSettings
            {
                Endpoint = "http://127.0.0.1:9",
                ForcePathStyle = true,
                AccessKeyId = "k",
                SecretAccessKey = "s",
                MaxAttempts = 3,
            },
        };
        var logs = new CapturingLoggerProvider();
        using var lake = new S3Lake(settings, logs.CreateLogger("lake"));

        var e = await Assert.ThrowsAsync<LakeException>(() => lake.HeadAsync("k.json", CancellationToken.None));

        Assert.True(e.IsTransient);
        Assert.Equal(2, logs.Named("lake_retry").Count());
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override bool CanSeek => false;
    }
}
