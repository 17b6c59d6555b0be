using System.Security.Cryptography;
using Azure.Storage.Sas;
using Landfall.IntegrationTests.Azure;
using Landfall.IntegrationTests.Sources.S3;
using Landfall.Runs;
using Landfall.Testing;
using static Landfall.IntegrationTests.Sources.Azure.AzureSourceWorld;

namespace Landfall.IntegrationTests.Sources.Azure;

/// <summary>The azure_blob source against Azurite: server-side into an Azure lake of the same account, streamed into any other lake.</summary>
[Collection(AzureCollection.Name)]
public sealed class AzureSourceTests(AzureServer server)
{
    [Fact]
    public async Task Into_an_azure_lake_of_the_same_account_blobs_are_copied_server_side_with_size_etag_and_md5_checked()
    {
        await using var world = new AzureSourceWorld(server, await server.NewContainerAsync());
        var a = await world.PutAsync(DatePrefix + "a.csv", "id\n1\n", withMd5: true);
        await world.PutAsync(DatePrefix + "b.csv", "id\n2\n3\n");
        await world.PutAsync(DatePrefix + "notes.txt", "not matching the glob");
        await world.PutAsync(DatePrefix + "sub/c.csv", "not recursive by default");
        await world.PutAsync("exports/2026/01/11/d.csv", "another date");

        var result = await world.RunAsync();

        AssertSuccess(result);
        var output = (await world.ManifestAsync(result)).Outputs["exports"];
        Assert.Equal("server_side", output.Extra!["copy"].GetString());
        Assert.Equal(world.SourceContainer.Name, output.Extra["container"].GetString());
        Assert.Equal(AzureServer.Account, output.Extra["account"].GetString());
        Assert.Equal(["a.csv", "b.csv"], output.Objects.Select(o => o.Key[(o.Key.LastIndexOf('/') + 1)..]));
        foreach (var o in output.Objects)
        {
            var props = (await world.SourceContainer.GetBlobClient(Str(o, "source_blob")).GetPropertiesAsync()).Value;
            Assert.Equal("server_side_copy", Str(o, "copy_method"));
            Assert.Equal(props.ETag.ToString().Trim('"'), Str(o, "source_etag"));
            Assert.Equal(props.ContentLength, o.Extra!["source_size"].GetInt64());
            Assert.Equal(props.LastModified, o.SourceModifiedAt);
            Assert.Equal(props.LastModified.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                Str(o, "source_last_modified"));
            Assert.Equal($"{server.AccountUrl}/{world.SourceContainer.Name}/{Str(o, "source_blob")}", o.SourcePath);
            Assert.Null(o.Sha256); // no byte passed through Landfall
            Assert.False(o.Extra.ContainsKey("source_version_id")); // Azurite has no blob versioning
            var expected = (await world.SourceContainer.GetBlobClient(Str(o, "source_blob")).DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(expected, await world.ReadLakeAsync(o.Key));
            // The copy's ETag, as the lake reads it back.
            Assert.Equal((await world.Lake.HeadAsync(o.Key, CancellationToken.None))!.ETag, o.Etag);
        }
        var withMd5 = output.Objects.Single(o => o.Key.EndsWith("a.csv", StringComparison.Ordinal));
        Assert.Equal(Convert.ToHexStringLower(a.ContentHash), Str(withMd5, "source_content_md5"));
        Assert.True(withMd5.Extra!["content_md5_verified"].GetBoolean());
        Assert.Equal(2, (await world.BronzeKeysAsync()).Count);
    }

    [Fact]
    public async Task A_large_blob_is_copied_server_side_and_keeps_its_bytes()
    {
        await using var world = new AzureSourceWorld(server, await server.NewContainerAsync());
        var data = RandomNumberGenerator.GetBytes(40 * 1024 * 1024 + 321);
        await world.PutAsync(DatePrefix + "big.csv", data);

        var result = await world.RunAsync();

        AssertSuccess(result);
        var o = Assert.Single((await world.ManifestAsync(result)).Outputs["exports"].Objects);
        Assert.Equal(data.Length, o.Bytes);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(await world.ReadLakeAsync(o.Key)));
    }

    [Fact]
    public async Task Into_a_local_lake_blobs_stream_with_sha256_recursive_glob_and_the_content_md5_checked()
    {
        await using var world = new AzureSourceWorld(server, await server.NewContainerAsync(), entityYamlExtra: "recursive: true",
            lake: TemporaryLakes.Create());
        var data = RandomNumberGenerator.GetBytes(20 * 1024 * 1024 + 7);
        var big = await world.PutAsync(DatePrefix + "big.csv", data, withMd5: true);
        await world.PutAsync(DatePrefix + "sub/c.csv", "id\n3\n");

        var result = await world.RunAsync();

        AssertSuccess(result);
        var output = (await world.ManifestAsync(result)).Outputs["exports"];
        Assert.Equal("streamed", output.Extra!["copy"].GetString());
        var o = output.Objects.Single(x => x.Key.EndsWith("big.csv", StringComparison.Ordinal));
        Assert.Equal("streamed", Str(o, "copy_method"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), o.Sha256);
        Assert.Equal(big.ETag.ToString().Trim('"'), Str(o, "source_etag"));
        Assert.True(o.Extra!["content_md5_verified"].GetBoolean());
        Assert.Equal(data, await world.ReadLakeAsync(o.Key));
        Assert.Contains(output.Objects, x => x.Key.EndsWith("sub/c.csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_entity_format_is_read_as_the_blobs_stream_even_into_an_azure_lake()
    {
        await using var world = new AzureSourceWorld(server, await server.NewContainerAsync(), entityYamlExtra: "format: csv");
        await world.PutAsync(DatePrefix + "a.csv", "id,name\n1,x\n2,y\n");

        var result = await world.RunAsync();

        AssertSuccess(result);
        var output = (await world.ManifestAsync(result)).Outputs["exports"];
        Assert.Equal("streamed", output.Extra!["copy"].GetString()); // a server-side copy would never show Landfall the bytes
        var o = Assert.Single(output.Objects);
        Assert.Equal(2, o.Rows);
        Assert.True(o.Extra!.ContainsKey("schema"));
    }

    [Fact]
    public async Task No_blob_yet_is_not_ready_and_allow_empty_makes_it_an_empty_success()
    {
        await using var waiting = new AzureSourceWorld(server, await server.NewContainerAsync());
        var result = await waiting.RunAsync();
        // 2026-01-10 is long past expected_by: a late manifest that says what was missing.
        Assert.Equal("late", result.Reason);
        Assert.StartsWith("no_files_yet: ", result.Errors[0].Message);

        await using var empty = new AzureSourceWorld(server, await server.NewContainerAsync(), entityYamlExtra: "allow_empty: true");
        AssertSuccess(await empty.RunAsync());
    }

    [Fact]
    public async Task A_blob_modified_within_min_age_holds_the_date_back()
    {
        await using var world = new AzureSourceWorld(server, await server.NewContainerAsync(), sourceYamlExtra: "min_age: 2h");
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");

        var result = await world.RunAsync();

        Assert.Equal("late", result.Reason);
        Assert.StartsWith("file_not_settled: ", result.Errors[0].Message);
        Assert.Empty(await world.BronzeKeysAsync());
        world.Clock.Advance(TimeSpan.FromHours(2));
        AssertSuccess(await world.RunAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_blob_rewritten_after_listing_fails_the_date_as_object_changed_and_no_success_is_written(bool serverSide)
    {
        await using var world = new AzureSourceWorld(server, await server.NewContainerAsync(), sourceYamlExtra: $"server_side_copy: {(serverSide ? "true" : "false")}");
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");
        world.Source.BeforeCopy = async (name, ct) => await world.PutAsync(name, "id\n2\n");

        var result = await world.RunAsync();

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("object_changed", result.Reason);
        Assert.Contains(world.SourceContainer.Name, result.Errors[0].Message);
        Assert.Contains("exports/2026/01/10/a.csv", result.Errors[0].Message);
    }

    [Fact]
    public async Task A_blob_deleted_after_listing_fails_the_date_as_object_vanished()
    {
        await using var world = new AzureSourceWorld(server, await server.NewContainerAsync(), lake: TemporaryLakes.Create());
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");
        world.Source.BeforeCopy = async (name, ct) => await world.SourceContainer.DeleteBlobAsync(name, cancellationToken: ct);

        var result = await world.RunAsync();

        Assert.Equal("object_vanished", result.Reason);
    }

    [Fact]
    public async Task A_wrong_key_fails_at_once_as_auth_failed_naming_account_and_container_never_the_key()
    {
        const string wrong = "d3Jvbmcta2V5LXZhbHVlLW5vdC10aGUtcmVhbC1vbmUtMTIzNDU2Nzg5MA==";
        await using var world = new AzureSourceWorld(server, await server.NewContainerAsync(),
            credentials: $"account_url: {server.AccountUrl}\naccount_key: \"{wrong}\"");
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");

        var result = await world.RunAsync();

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("auth_failed", result.Reason);
        var message = result.Errors[0].Message;
        Assert.Contains("devstoreaccount1", message);
        Assert.Contains(world.SourceContainer.Name, message);
        Assert.DoesNotContain(wrong, message);
        Assert.Empty(world.Logs.Named("azure_source_retry")); // not transient
        Assert.All(world.Logs.Events, l => Assert.DoesNotContain(wrong, l.Message));
        var manifest = await world.ManifestAsync(result);
        Assert.DoesNotContain(wrong, System.Text.Json.JsonSerializer.Serialize(manifest, Landfall.Manifests.ManifestFormat.Options));
    }

    [Fact]
    public async Task An_expired_sas_is_auth_failed_and_a_read_only_sas_without_list_is_access_denied_neither_showing_the_signature()
    {
        var container = await server.NewContainerAsync();
        var expired = container.GenerateSasUri(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List, DateTimeOffset.UtcNow.AddHours(-1)).Query;
        await using (var world = new AzureSourceWorld(server, container, credentials: $"account_url: {server.AccountUrl}\nsas_token: \"{expired}\""))
        {
            await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");
            var result = await world.RunAsync();
            Assert.Equal("auth_failed", result.Reason);
            Assert.DoesNotContain(Sig(expired), result.Errors[0].Message);
            Assert.All(world.Logs.Events, l => Assert.DoesNotContain(Sig(expired), l.Message));
        }
        var other = await server.NewContainerAsync();
        var readOnly = other.GenerateSasUri(BlobContainerSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1)).Query;
        await using (var world = new AzureSourceWorld(server, other, credentials: $"account_url: {server.AccountUrl}\nsas_token: \"{readOnly}\""))
        {
            await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");
            var result = await world.RunAsync();
            Assert.Equal(RunStatus.Failed, result.Status);
            Assert.Contains(result.Reason, new[] { "access_denied", "auth_failed" });
            Assert.Contains(other.Name, result.Errors[0].Message);
            Assert.DoesNotContain(Sig(readOnly), result.Errors[0].Message);
        }
    }

    [Fact]
    public async Task A_missing_container_is_container_not_found()
    {
        var container = server.Client.GetBlobContainerClient($"missing-{Guid.NewGuid():N}");
        await using var world = new AzureSourceWorld(server, container);

        var result = await world.RunAsync();

        Assert.Equal("container_not_found", result.Reason);
        Assert.Contains(container.Name, result.Errors[0].Message);
    }

    [Fact]
    public async Task Throttled_requests_are_retried_by_the_one_policy_and_then_succeed()
    {
        await using var proxy = new ThrottlingProxy(server.AccountUrl.GetLeftPart(UriPartial.Authority), throttle: 2);
        await using var world = new AzureSourceWorld(server, await server.NewContainerAsync(), sourceYamlExtra: "max_attempts: 4",
            credentials: $"account_url: {proxy.Endpoint}/{AzureServer.Account}\naccount_key: \"{AzureServer.Key}\"");
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");

        var result = await world.RunAsync();

        AssertSuccess(result);
        Assert.Equal(2, proxy.Throttled);
        Assert.Equal(2, world.Logs.Named("azure_source_retry").Count());
        // Another endpoint than the lake's: streamed.
        Assert.Equal("streamed", (await world.ManifestAsync(result)).Outputs["exports"].Extra!["copy"].GetString());
    }

    [Fact]
    public async Task Throttled_past_max_attempts_fails_as_throttled_with_nothing_landed()
    {
        await using var proxy = new ThrottlingProxy(server.AccountUrl.GetLeftPart(UriPartial.Authority), throttle: 1000);
        await using var world = new AzureSourceWorld(server, await server.NewContainerAsync(),
            credentials: $"account_url: {proxy.Endpoint}/{AzureServer.Account}\naccount_key: \"{AzureServer.Key}\"");

        var result = await world.RunAsync();

        Assert.Equal("throttled", result.Reason);
        Assert.Empty(await world.BronzeKeysAsync());
    }

    [Fact]
    public async Task Check_shows_what_the_source_sees_for_each_date()
    {
        await using var world = new AzureSourceWorld(server, await server.NewContainerAsync());
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");
        await world.PutAsync(DatePrefix + "b.csv", "id\n2\n");

        var findings = await world.Source.CheckAsync(new Landfall.Sources.SourceCheckContext([Date, Date.AddDays(1)],
            world.Logs.CreateLogger("check"), world.Clock), CancellationToken.None);

        var lines = findings.Select(f => $"{f.Subject}|{f.Status}|{f.Detail}").ToList();
        Assert.Contains(lines, l => l.StartsWith("connection|", StringComparison.Ordinal) && l.Contains("devstoreaccount1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("2026-01-10: 2 blob(s)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("2026-01-11: no blob", StringComparison.Ordinal));
    }

    private static string Sig(string query) =>
        Uri.UnescapeDataString(query.Split('&').Single(p => p.TrimStart('?').StartsWith("sig=", StringComparison.Ordinal)).TrimStart('?')[4..]);
}
