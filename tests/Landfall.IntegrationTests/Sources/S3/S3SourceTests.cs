using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Landfall.IntegrationTests.S3;
using Landfall.Lake;
using Landfall.Manifests;
using Landfall.Runs;
using Landfall.Sources;
using Microsoft.Extensions.Logging.Abstractions;
using static Landfall.IntegrationTests.Sources.S3.S3SourceWorld;

namespace Landfall.IntegrationTests.Sources.S3;

/// <summary>The s3 source against the real S3-compatible server: source and lake in different buckets.</summary>
[Collection(S3Collection.Name)]
public sealed class S3SourceTests(S3Server server)
{
    private const string LocalhostEndpoint = "http://localhost:9010";

    [Fact]
    public async Task Same_endpoint_and_credentials_copy_server_side_with_size_and_md5_etag_checked()
    {
        await using var world = new S3SourceWorld(server);
        await world.CreateBucketAsync();
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");
        await world.PutAsync(DatePrefix + "b.csv", "id\n2\n3\n");
        await world.PutAsync(DatePrefix + "notes.txt", "not matching the glob");
        await world.PutAsync(DatePrefix + "sub/c.csv", "not recursive by default");
        await world.PutAsync("exports/2026/01/11/d.csv", "another date");
        var progress = new Landfall.Progress.RunProgress();

        var result = await world.RunAsync(progress);

        AssertSuccess(result);
        var manifest = await world.ManifestAsync(result);
        var output = manifest.Outputs["exports"];
        Assert.Equal(["a.csv", "b.csv"], output.Objects.Select(o => o.Key[(o.Key.LastIndexOf('/') + 1)..]));
        // Live progress counts the server-side copies against what was listed.
        var entity = Assert.Single(progress.Snapshot());
        Assert.Equal((2L, 2L, output.Totals.Bytes, output.Totals.Bytes), (entity.Objects, entity.ObjectsTotal!.Value, entity.Bytes, entity.BytesTotal!.Value));
        Assert.Equal("server_side", output.Extra!["copy"].GetString());
        foreach (var o in output.Objects)
        {
            var head = await world.Client.GetObjectMetadataAsync(world.SourceBucket, Str(o, "source_key"));
            Assert.Equal(world.SourceBucket, Str(o, "source_bucket"));
            Assert.Equal("server_side_copy", Str(o, "copy_method"));
            Assert.Equal("md5", Str(o, "etag_kind"));
            Assert.Equal(head.ETag.Trim('"'), Str(o, "source_etag"));
            Assert.True(o.Extra!["etag_verified"].GetBoolean());
            Assert.Equal(head.ContentLength, o.Bytes);
            Assert.Equal(head.ETag.Trim('"'), o.Etag);
            Assert.Null(o.Sha256); // no byte passed through Landfall
            Assert.False(o.Extra.ContainsKey("source_version_id")); // an unversioned bucket
            Assert.Equal(new DateTimeOffset(head.LastModified!.Value.ToUniversalTime()), o.SourceModifiedAt);
            var source = await world.Client.GetObjectAsync(world.SourceBucket, Str(o, "source_key"));
            using var expected = new MemoryStream();
            await source.ResponseStream.CopyToAsync(expected);
            Assert.Equal(expected.ToArray(), await world.ReadLakeAsync(o.Key));
        }
        Assert.Equal(2, (await world.BronzeKeysAsync()).Count);
    }

    [Fact]
    public async Task A_multipart_source_object_above_the_threshold_is_copied_with_UploadPartCopy_and_keeps_its_bytes()
    {
        await using var world = new S3SourceWorld(server, sourceYamlExtra: "multipart_copy_threshold_mib: 8\ncopy_part_size_mib: 5");
        await world.CreateBucketAsync();
        var data = RandomNumberGenerator.GetBytes(21 * 1024 * 1024 + 4321);
        var etag = await world.PutMultipartAsync(DatePrefix + "big.csv", data, 5 * 1024 * 1024);
        Assert.EndsWith("-5", etag);
        await world.PutAsync(DatePrefix + "small.csv", "id\n1\n");
        // Above the threshold too, but uploaded in one piece: its MD5 ETag is worth keeping comparable, so it is copied whole.
        var single = RandomNumberGenerator.GetBytes(9 * 1024 * 1024);
        var put = await world.PutAsync(DatePrefix + "single.csv", single);

        var result = await world.RunAsync();

        AssertSuccess(result);
        var objects = (await world.ManifestAsync(result)).Outputs["exports"].Objects;
        var whole = objects.Single(o => o.Key.EndsWith("single.csv", StringComparison.Ordinal));
        Assert.Equal("server_side_copy", Str(whole, "copy_method"));
        Assert.Equal("md5", Str(whole, "etag_kind"));
        Assert.True(whole.Extra!["etag_verified"].GetBoolean());
        Assert.Equal(put.ETag.Trim('"'), whole.Etag);
        var big = objects.Single(o => o.Key.EndsWith("big.csv", StringComparison.Ordinal));
        Assert.Equal("server_side_multipart_copy", Str(big, "copy_method"));
        Assert.Equal("multipart", Str(big, "etag_kind"));
        Assert.Equal(5, big.Extra!["source_parts"].GetInt32());
        Assert.Equal(etag, Str(big, "source_etag"));
        Assert.False(big.Extra!["etag_verified"].GetBoolean()); // a multipart ETag says nothing comparable about the bytes
        Assert.Equal(data.Length, big.Bytes);
        Assert.EndsWith("-5", big.Etag); // 5 MiB copy parts: 5 + 5 + 5 + 5 + 1
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(await world.ReadLakeAsync(big.Key)));
        var small = objects.Single(o => o.Key.EndsWith("small.csv", StringComparison.Ordinal));
        Assert.Equal("server_side_copy", Str(small, "copy_method"));
        Assert.True(small.Extra!["etag_verified"].GetBoolean());
    }

    [Fact]
    public async Task Another_endpoint_streams_the_objects_through_with_sha256_and_the_etag_of_single_part_puts_checked()
    {
        // Another spelling of the same server is another endpoint as far as Landfall can tell: the copy streams.
        var lake = server.NewLakeSettings() with { PartSizeMiB = 5 };
        await using var world = new S3SourceWorld(server, endpoint: LocalhostEndpoint, lake: lake);
        await world.CreateBucketAsync();
        var data = RandomNumberGenerator.GetBytes(12 * 1024 * 1024 + 7);
        var etag = await world.PutMultipartAsync(DatePrefix + "big.csv", data, 5 * 1024 * 1024);
        await world.PutAsync(DatePrefix + "small.csv", "id\n1\n");

        var result = await world.RunAsync();

        AssertSuccess(result);
        var output = (await world.ManifestAsync(result)).Outputs["exports"];
        Assert.Equal("streamed", output.Extra!["copy"].GetString());
        var big = output.Objects.Single(o => o.Key.EndsWith("big.csv", StringComparison.Ordinal));
        Assert.Equal("streamed", Str(big, "copy_method"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), big.Sha256);
        Assert.Equal(etag, Str(big, "source_etag"));
        Assert.Equal(3, big.Extra!["source_parts"].GetInt32());
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(await world.ReadLakeAsync(big.Key)));
        var small = output.Objects.Single(o => o.Key.EndsWith("small.csv", StringComparison.Ordinal));
        Assert.True(small.Extra!["etag_verified"].GetBoolean());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("id\n1\n"))), small.Sha256);
    }

    [Fact]
    public async Task Server_side_copy_false_streams_even_on_the_same_endpoint()
    {
        await using var world = new S3SourceWorld(server, sourceYamlExtra: "server_side_copy: false");
        await world.CreateBucketAsync();
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");

        var result = await world.RunAsync();

        var o = Assert.Single((await world.ManifestAsync(result)).Outputs["exports"].Objects);
        Assert.Equal("streamed", Str(o, "copy_method"));
        Assert.NotNull(o.Sha256);
    }

    [Fact]
    public async Task Listing_pages_past_a_thousand_objects_and_copies_every_one_in_key_order()
    {
        await using var world = new S3SourceWorld(server, sourceYamlExtra: "max_parallel_copies: 32");
        await world.CreateBucketAsync();
        var names = Enumerable.Range(0, 1010).Select(i => $"part-{i:D5}.csv").ToList();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (n, _) => await world.PutAsync(DatePrefix + n, $"id\n{n}\n"));

        var result = await world.RunAsync();

        AssertSuccess(result);
        var output = (await world.ManifestAsync(result)).Outputs["exports"];
        Assert.Equal(names, output.Objects.Select(o => o.Key[(o.Key.LastIndexOf('/') + 1)..]));
        Assert.Equal(1010, output.Totals.Objects);
        Assert.Equal(1010, (await world.BronzeKeysAsync()).Count);
    }

    [Fact]
    public async Task An_empty_prefix_fails_with_no_files_yet()
    {
        await using var world = new S3SourceWorld(server);
        await world.CreateBucketAsync();

        var result = await world.RunAsync();

        // 2026-01-10 is long past due: a late manifest that says what was missing.
        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("late", result.Reason);
        Assert.StartsWith("no_files_yet: ", result.Errors[0].Message);
        Assert.Contains("allow_empty", result.Errors[0].Message);
    }

    [Fact]
    public async Task An_empty_prefix_with_allow_empty_is_a_success_marked_empty()
    {
        await using var world = new S3SourceWorld(server, entityYamlExtra: "allow_empty: true");
        await world.CreateBucketAsync();

        var result = await world.RunAsync();

        AssertSuccess(result);
        var output = (await world.ManifestAsync(result)).Outputs["exports"];
        Assert.True(output.Empty);
        Assert.Empty(output.Objects);
    }

    [Fact]
    public async Task Objects_modified_within_the_quiet_period_hold_the_date_back_until_a_later_run()
    {
        await using var world = new S3SourceWorld(server, sourceYamlExtra: "quiet_period: 2h");
        await world.CreateBucketAsync();
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");

        var early = await world.RunAsync(); // the clock is one hour after the write

        Assert.Equal(RunStatus.Failed, early.Status);
        Assert.Equal("late", early.Reason);
        Assert.StartsWith("file_not_settled: ", early.Errors[0].Message);
        Assert.Contains("a.csv", early.Errors[0].Message);
        Assert.Empty(await world.BronzeKeysAsync());
        Assert.Single(world.Logs.Named("source_late"));

        world.Clock.Advance(TimeSpan.FromHours(2));
        var later = await world.RunAsync();

        AssertSuccess(later);
        Assert.Equal(1, later.Objects);
    }

    [Fact]
    public async Task A_missing_source_bucket_fails_with_bucket_not_found_naming_it()
    {
        await using var world = new S3SourceWorld(server);

        var result = await world.RunAsync();

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("bucket_not_found", result.Reason);
        Assert.Contains(world.SourceBucket, result.Errors[0].Message);
    }

    [Fact]
    public async Task Wrong_source_credentials_fail_with_auth_failed_at_once_and_no_secret_in_the_manifest()
    {
        await using var world = new S3SourceWorld(server, secret: "wrong-secret-value-456");
        await world.CreateBucketAsync();
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");

        var result = await world.RunAsync();

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("auth_failed", result.Reason);
        Assert.Empty(world.Logs.Named("s3_source_retry"));
        var manifest = Encoding.UTF8.GetString(await world.Lake.ReadSmallAsync(result.ManifestKey!, 1 << 20, CancellationToken.None));
        Assert.DoesNotContain("wrong-secret-value-456", manifest);
    }

    [Fact]
    public async Task Throttling_is_retried_with_backoff_each_attempt_logged_and_the_run_succeeds()
    {
        await using var proxy = new ThrottlingProxy(server.Endpoint, throttle: 2);
        await using var world = new S3SourceWorld(server, endpoint: proxy.Endpoint, sourceYamlExtra: "max_attempts: 4");
        await world.CreateBucketAsync();
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");

        var result = await world.RunAsync();

        AssertSuccess(result);
        Assert.Equal(2, proxy.Throttled);
        var retries = world.Logs.Named("s3_source_retry").ToList();
        Assert.Equal(2, retries.Count);
        Assert.All(retries, r => Assert.Contains("reduce your request rate", r.Message, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_attempts_fails_the_run_with_throttled()
    {
        await using var proxy = new ThrottlingProxy(server.Endpoint, throttle: 1000);
        await using var world = new S3SourceWorld(server, endpoint: proxy.Endpoint);
        await world.CreateBucketAsync();
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");

        var result = await world.RunAsync();

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("throttled", result.Reason);
        Assert.Single(world.Logs.Named("s3_source_retry")); // max_attempts: 2 in the world's config
        Assert.Empty(await world.BronzeKeysAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(LocalhostEndpoint)]
    public async Task An_object_deleted_between_listing_and_copying_fails_the_run_with_object_vanished(string? endpoint)
    {
        await using var world = new S3SourceWorld(server, endpoint: endpoint, sourceYamlExtra: "max_parallel_copies: 1");
        await world.CreateBucketAsync();
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");
        await world.PutAsync(DatePrefix + "b.csv", "id\n2\n");
        world.Source.BeforeCopy = async (key, ct) =>
        {
            if (key.EndsWith("b.csv", StringComparison.Ordinal))
            {
                await world.Client.DeleteObjectAsync(world.SourceBucket, key, ct);
            }
        };

        var result = await world.RunAsync();

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("object_vanished", result.Reason);
        Assert.Contains("b.csv", result.Errors[0].Message);
        var manifest = await world.ManifestAsync(result);
        Assert.Equal(ManifestStatus.Failed, manifest.Status);
        // What landed before the failure is listed in the failed manifest; no success refers to anything of this date.
        Assert.DoesNotContain(manifest.Outputs.GetValueOrDefault("exports")?.Objects ?? [], o => o.Key.EndsWith("b.csv", StringComparison.Ordinal));
        Assert.Null(await world.Store().LatestSuccessfulDateAsync("partner", CancellationToken.None));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(LocalhostEndpoint)]
    public async Task An_object_whose_listing_and_HEAD_give_different_etags_lands_pinned_to_the_HEAD_etag_with_the_listed_one_recorded(
        string? endpoint)
    {
        await using var world = new S3SourceWorld(server, endpoint: endpoint);
        await world.CreateBucketAsync();
        var data = RandomNumberGenerator.GetBytes(11 * 1024 * 1024 + 17);
        await world.PutMultipartAsync("staging/part-00.csv", data, 5 * 1024 * 1024);
        // Swift's s3api, copying a multipart object, lists the copy with the MD5 of its bytes but answers HEAD (and If-Match) with
        // the multipart ETag of the original: a condition on the listed ETag fails although nothing changed.
        await world.Client.CopyObjectAsync(world.SourceBucket, "staging/part-00.csv", world.SourceBucket, DatePrefix + "copied.csv");
        var listed = (await world.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = world.SourceBucket, Prefix = DatePrefix }))
            .S3Objects.Single().ETag.Trim('"');
        var head = (await world.Client.GetObjectMetadataAsync(world.SourceBucket, DatePrefix + "copied.csv")).ETag.Trim('"');
        Assert.NotEqual(listed, head);
#pragma warning disable CA5351 // MD5 is what S3 puts in an ETag; the test checks the server's listing against it
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), listed);
#pragma warning restore CA5351

        var result = await world.RunAsync();

        AssertSuccess(result);
        var o = Assert.Single((await world.ManifestAsync(result)).Outputs["exports"].Objects);
        Assert.Equal(head, Str(o, "source_etag"));
        Assert.Equal(listed, Str(o, "listed_etag"));
        Assert.Equal("multipart", Str(o, "etag_kind"));
        Assert.Equal(data.Length, o.Bytes);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(await world.ReadLakeAsync(o.Key)));
        if (endpoint is not null)
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), o.Sha256); // streamed: hashed on the way
        }
        var warning = Assert.Single(world.Logs.Named("s3_etag_listing_differs"));
        Assert.Contains(listed, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_object_rewritten_between_listing_and_copying_fails_the_run_with_object_changed()
    {
        await using var world = new S3SourceWorld(server);
        await world.CreateBucketAsync();
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");
        world.Source.BeforeCopy = async (key, ct) => await world.PutAsync(key, "id\n1\n2\n");

        var result = await world.RunAsync();

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("object_changed", result.Reason);
    }

    [Fact]
    public async Task Access_denied_on_the_listing_fails_with_access_denied_naming_bucket_and_prefix_not_retried_and_the_next_run_redoes_the_date()
    {
        // Valid credentials of a user the bucket's ACLs do not name: Swift itself answers 403 AccessDenied.
        await using var world = new S3SourceWorld(server, accessKey: server.ReaderAccessKey, secret: server.ReaderSecretKey,
            sourceYamlExtra: "max_attempts: 3");
        await world.CreateBucketAsync();
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");

        var denied = await world.RunAsync();

        Assert.Equal(RunStatus.Failed, denied.Status);
        Assert.Equal("access_denied", denied.Reason);
        var message = denied.Errors[0].Message;
        Assert.Contains($"s3://{world.SourceBucket}/{DatePrefix}", message);
        Assert.Contains("s3:ListBucket", message);
        Assert.Contains("AccessDenied", message);
        Assert.Empty(world.Logs.Named("s3_source_retry"));
        Assert.Equal(ManifestStatus.Failed, (await world.ManifestAsync(denied)).Status);
        Assert.Empty(await world.BronzeKeysAsync());
        Assert.Null(await world.Store().LatestSuccessfulDateAsync("partner", CancellationToken.None));
        var manifest = Encoding.UTF8.GetString(await world.Lake.ReadSmallAsync(denied.ManifestKey!, 1 << 20, CancellationToken.None));
        Assert.DoesNotContain(server.ReaderSecretKey, manifest);
        var findings = await world.Source.CheckAsync(new SourceCheckContext([Date], NullLogger.Instance, world.Clock), CancellationToken.None);
        Assert.Contains(findings, f => f.Status == CheckStatus.Error && f.Detail.StartsWith("access_denied", StringComparison.Ordinal));

        await server.SetAclAsync(world.SourceBucket, read: server.ReaderAccessKey);
        var later = await world.RunAsync();

        AssertSuccess(later);
        Assert.Equal(1, later.Objects);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Access_denied_on_the_copy_fails_with_access_denied_naming_the_object_and_the_next_run_redoes_the_date(bool serverSide)
    {
        // The reader may list the source bucket; between listing and copying its read grant is taken away, so the server-side copy
        // (with the lake's credentials, the same as the source's) or the streamed GET is what S3 refuses.
        var lake = server.NewLakeSettings();
        if (serverSide)
        {
            lake = lake with
            {
                Bucket = $"landfall-lake-{Guid.NewGuid():N}"[..30],
                Connection = lake.Connection with { AccessKeyId = server.ReaderAccessKey, SecretAccessKey = server.ReaderSecretKey },
            };
            await server.Client.PutBucketAsync(lake.Bucket);
            await server.SetAclAsync(lake.Bucket, read: server.ReaderAccessKey, write: server.ReaderAccessKey);
        }
        await using var world = new S3SourceWorld(server, accessKey: server.ReaderAccessKey, secret: server.ReaderSecretKey, lake: lake,
            sourceYamlExtra: "max_parallel_copies: 1");
        await world.CreateBucketAsync();
        await server.SetAclAsync(world.SourceBucket, read: server.ReaderAccessKey);
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");
        await world.PutAsync(DatePrefix + "b.csv", "id\n2\n");
        world.Source.BeforeCopy = async (key, _) =>
        {
            if (key.EndsWith("b.csv", StringComparison.Ordinal))
            {
                await server.SetAclAsync(world.SourceBucket, read: "");
            }
        };

        var denied = await world.RunAsync();

        Assert.Equal(RunStatus.Failed, denied.Status);
        Assert.Equal("access_denied", denied.Reason);
        var message = denied.Errors[0].Message;
        Assert.Contains($"s3://{world.SourceBucket}/{DatePrefix}b.csv", message);
        Assert.Contains(serverSide ? "server-side copy" : "s3:GetObject", message);
        Assert.Empty(world.Logs.Named("s3_source_retry"));
        var manifest = await world.ManifestAsync(denied);
        Assert.Equal(ManifestStatus.Failed, manifest.Status);
        Assert.DoesNotContain(manifest.Outputs.GetValueOrDefault("exports")?.Objects ?? [], o => o.Key.EndsWith("b.csv", StringComparison.Ordinal));
        Assert.Null(await world.Store().LatestSuccessfulDateAsync("partner", CancellationToken.None));

        world.Source.BeforeCopy = null;
        await server.SetAclAsync(world.SourceBucket, read: server.ReaderAccessKey);
        var later = await world.RunAsync();

        AssertSuccess(later);
        var objects = (await world.ManifestAsync(later)).Outputs["exports"].Objects;
        Assert.Equal(2, objects.Count);
        Assert.All(objects, o => Assert.Equal(serverSide ? "server_side_copy" : "streamed", Str(o, "copy_method")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(LocalhostEndpoint)]
    public async Task A_versioned_source_bucket_records_each_objects_listed_version_and_copies_exactly_that_version(string? endpoint)
    {
        await using var world = new S3SourceWorld(server, endpoint: endpoint, sourceYamlExtra: "max_parallel_copies: 1");
        await world.CreateBucketAsync();
        await world.Client.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = world.SourceBucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        });
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n2\n"); // a second version of a.csv: the current one
        await world.PutAsync(DatePrefix + "b.csv", "id\n3\n");
        await world.PutAsync(DatePrefix + "gone.csv", "id\n4\n");
        await world.Client.DeleteObjectAsync(world.SourceBucket, DatePrefix + "gone.csv"); // its current version is a delete marker
        var listed = await world.Client.ListVersionsAsync(new ListVersionsRequest { BucketName = world.SourceBucket, Prefix = DatePrefix });
        var current = listed.Versions.Where(v => v.IsLatest == true && v.IsDeleteMarker != true).ToDictionary(v => v.Key);
        Assert.Equal(2, listed.Versions.Count(v => v.Key.EndsWith("a.csv", StringComparison.Ordinal)));
        // A writer overwrites a.csv after the listing: the run copies the version it listed, not the newer one.
        world.Source.BeforeCopy = async (key, _) =>
        {
            if (key.EndsWith("a.csv", StringComparison.Ordinal))
            {
                await world.PutAsync(key, "id\n1\n2\nwritten after the listing\n");
            }
        };

        var result = await world.RunAsync();

        AssertSuccess(result);
        var objects = (await world.ManifestAsync(result)).Outputs["exports"].Objects;
        Assert.Equal(["a.csv", "b.csv"], objects.Select(o => o.Key[(o.Key.LastIndexOf('/') + 1)..]));
        foreach (var o in objects)
        {
            var version = current[Str(o, "source_key")];
            Assert.Equal(version.VersionId, Str(o, "source_version_id"));
            var head = await world.Client.GetObjectMetadataAsync(new GetObjectMetadataRequest
            {
                BucketName = world.SourceBucket,
                Key = version.Key,
                VersionId = version.VersionId,
            });
            Assert.Equal(head.VersionId, Str(o, "source_version_id"));
            Assert.Equal(head.ETag.Trim('"'), Str(o, "source_etag"));
            Assert.Equal(head.ContentLength, o.Bytes);
            Assert.True(o.Extra!["etag_verified"].GetBoolean());
        }
        Assert.Equal("id\n1\n2\n", Encoding.UTF8.GetString(await world.ReadLakeAsync(objects[0].Key)));
        Assert.Equal(endpoint is null ? "server_side_copy" : "streamed", Str(objects[0], "copy_method"));
        var newest = await world.Client.GetObjectMetadataAsync(world.SourceBucket, DatePrefix + "a.csv");
        Assert.NotEqual(newest.VersionId, Str(objects[0], "source_version_id")); // the overwrite really happened
    }

    [Fact]
    public async Task A_multipart_object_of_a_versioned_bucket_is_copied_in_parts_from_its_listed_version()
    {
        await using var world = new S3SourceWorld(server, sourceYamlExtra: "multipart_copy_threshold_mib: 8\ncopy_part_size_mib: 5");
        await world.CreateBucketAsync();
        await world.Client.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = world.SourceBucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        });
        var data = RandomNumberGenerator.GetBytes(11 * 1024 * 1024 + 99);
        var etag = await world.PutMultipartAsync(DatePrefix + "big.csv", data, 5 * 1024 * 1024);
        var listed = await world.Client.ListVersionsAsync(new ListVersionsRequest { BucketName = world.SourceBucket, Prefix = DatePrefix });
        world.Source.BeforeCopy = async (key, _) => await world.PutAsync(key, "replaced after the listing");

        var result = await world.RunAsync();

        AssertSuccess(result);
        var big = Assert.Single((await world.ManifestAsync(result)).Outputs["exports"].Objects);
        Assert.Equal("server_side_multipart_copy", Str(big, "copy_method"));
        Assert.Equal(etag, Str(big, "source_etag"));
        Assert.Equal(Assert.Single(listed.Versions).VersionId, Str(big, "source_version_id"));
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(await world.ReadLakeAsync(big.Key)));
    }

    [Fact]
    public async Task Check_reports_reachability_and_the_number_of_matching_objects_per_date()
    {
        await using var world = new S3SourceWorld(server);
        await world.CreateBucketAsync();
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");
        await world.PutAsync(DatePrefix + "b.csv", "id\n2\n");

        var findings = await world.Source.CheckAsync(
            new SourceCheckContext([Date, Date.AddDays(1)], NullLogger.Instance, world.Clock), CancellationToken.None);

        Assert.Equal(CheckStatus.Ok, findings.Single(f => f.Subject == "connection").Status);
        var perDate = findings.Where(f => f.Subject == "exports").ToList();
        Assert.Equal(2, perDate.Count);
        Assert.Equal(CheckStatus.Ok, perDate[0].Status);
        Assert.Contains("2026-01-10: 2 object(s)", perDate[0].Detail);
        Assert.Equal(CheckStatus.Warning, perDate[1].Status);
        Assert.Empty(await world.BronzeKeysAsync());
    }

    [Fact]
    public async Task Check_reports_a_missing_bucket_as_an_error()
    {
        await using var world = new S3SourceWorld(server);

        var findings = await world.Source.CheckAsync(new SourceCheckContext([Date], NullLogger.Instance, world.Clock), CancellationToken.None);

        var error = Assert.Single(findings);
        Assert.Equal(CheckStatus.Error, error.Status);
        Assert.Contains("bucket_not_found", error.Detail);
    }
}
