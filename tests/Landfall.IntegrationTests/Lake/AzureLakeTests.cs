using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs.Specialized;
using Landfall.IntegrationTests.Azure;
using Landfall.Lake;
using Landfall.Layout;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Lake;

/// <summary>What the Azure lake does beyond the shared suites: conditional creates, blocks, prefixes, clear errors, claims by create.</summary>
[Collection(AzureCollection.Name)]
public sealed class AzureLakeTests(AzureServer server)
{
    [Fact]
    public async Task A_put_larger_than_one_block_is_staged_in_blocks_and_reads_back_identical()
    {
        var settings = server.NewLakeSettings() with { BlockSizeMiB = 1, BlocksInFlight = 3 };
        var lake = AzureServer.NewLake(settings);
        var data = RandomNumberGenerator.GetBytes(5 * 1024 * 1024 + 12345);

        var info = await lake.PutAsync("bronze/big.bin", new NonSeekableStream(data), "application/octet-stream", CancellationToken.None);

        Assert.Equal(data.Length, info.Size);
        var blob = server.Client.GetBlobContainerClient(AzureServer.Container).GetBlockBlobClient($"{settings.Prefix}/bronze/big.bin");
        var blocks = (await blob.GetBlockListAsync()).Value.CommittedBlocks.ToList();
        Assert.Equal(6, blocks.Count); // 5 full blocks of 1 MiB and the rest
        var head = await lake.HeadAsync("bronze/big.bin", CancellationToken.None);
        Assert.Equal((data.Length, info.ETag), (head!.Size, head.ETag));
        await using var read = await lake.OpenReadAsync("bronze/big.bin", CancellationToken.None);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(copy.ToArray()));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(3 * 1024 * 1024)]
    public async Task A_second_put_of_a_name_is_refused_by_the_service_and_the_first_bytes_stay(int size)
    {
        var lake = AzureServer.NewLake(server.NewLakeSettings() with { BlockSizeMiB = 1 });
        var first = RandomNumberGenerator.GetBytes(size);
        await lake.PutAsync("_manifests/m.json", new MemoryStream(first), "application/json", CancellationToken.None);

        await Assert.ThrowsAsync<LakeKeyExistsException>(() =>
            lake.PutAsync("_manifests/m.json", new MemoryStream(RandomNumberGenerator.GetBytes(size)), "application/json", CancellationToken.None));

        var stored = await lake.ReadSmallAsync("_manifests/m.json", 16 << 20, CancellationToken.None);
        Assert.Equal(first, stored);
    }

    [Fact]
    public async Task Of_40_concurrent_creates_of_one_name_exactly_one_wins()
    {
        var lake = AzureServer.NewLake(server.NewLakeSettings());
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            lake.TryCreateAsync("_claims/x/holder/000000000001.json", new MemoryStream([(byte)i]), "application/json", CancellationToken.None))));

        var winner = Assert.Single(results, r => r is not null);
        var stored = await lake.ReadSmallAsync("_claims/x/holder/000000000001.json", 10, CancellationToken.None);
        Assert.Single(stored);
        Assert.Equal(winner!.ETag, (await lake.HeadAsync("_claims/x/holder/000000000001.json", CancellationToken.None))!.ETag);
    }

    [Fact]
    public async Task Listing_pages_with_continuation_tokens_in_key_order_and_rolls_up_prefixes()
    {
        var settings = server.NewLakeSettings();
        var lake = AzureServer.NewLake(settings);
        var keys = Enumerable.Range(0, 1203).Select(i => $"a/{i:D5}.json").Append("a/sub/x.json").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (k, ct) =>
            await lake.PutAsync(k, new MemoryStream("{}"u8.ToArray()), "application/json", ct));

        var listed = new List<string>();
        await foreach (var o in lake.ListObjectsAsync("a/", CancellationToken.None))
        {
            listed.Add(o.Key);
        }
        var page = await lake.ListPageAsync("a/", "/", null, CancellationToken.None);

        Assert.Equal(keys.Order(StringComparer.Ordinal), listed);
        Assert.NotNull(page.NextContinuationToken);
        Assert.Equal(1000, page.Objects.Count);
        var all = await lake.ListCommonPrefixesAsync("a/", CancellationToken.None).ToListAsync();
        Assert.Equal(["a/sub/"], all);
        var raw = server.Client.GetBlobContainerClient(AzureServer.Container).GetBlobClient($"{settings.Prefix}/a/sub/x.json");
        Assert.Equal("application/json", (await raw.GetPropertiesAsync()).Value.ContentType);
    }

    [Fact]
    public async Task A_missing_container_fails_with_a_message_naming_it()
    {
        var lake = AzureServer.NewLake(server.NewLakeSettings() with { Container = "landfall-no-such-container" });
        var e = await Assert.ThrowsAsync<LakeException>(() => lake.ListPageAsync("_manifests/", "/", null, CancellationToken.None));
        Assert.Contains("landfall-no-such-container", e.Message);
        Assert.Contains("does not exist", e.Message);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task A_wrong_key_fails_at_once_naming_account_and_container_never_the_key()
    {
        const string wrong = "d3Jvbmcta2V5LXZhbHVlLW5vdC10aGUtcmVhbC1vbmUtMTIzNDU2Nzg5MA==";
        var settings = server.NewLakeSettings();
        settings = settings with { Connection = settings.Connection with { AccountKey = wrong } };
        var lake = AzureServer.NewLake(settings);

        var e = await Assert.ThrowsAsync<LakeException>(() => lake.PutAsync("x.json", new MemoryStream([1]), "application/json", CancellationToken.None));

        Assert.Contains("rejected the lake's credentials", e.Message);
        Assert.Contains("devstoreaccount1", e.Message);
        Assert.Contains(AzureServer.Container, e.Message);
        Assert.DoesNotContain(wrong, e.Message);
        Assert.DoesNotContain(wrong, e.ToString());
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task A_run_claims_its_date_with_one_conditional_create_of_the_holder_key()
    {
        var settings = server.NewLakeSettings();
        using var world = new TestWorld(AzureServer.NewLake(settings), AzureServer.Yaml(settings));
        var date = TestWorld.D(1);
        world.Drop("alpha", date);

        var outcome = await LandfallProcess.Start(["run", "--date", ManifestKeys.FormatDate(date), "--source", "alpha", "--json", "--config", world.ConfigPath]).WaitAsync();

        Assert.Equal(0, outcome.ExitCode);
        var holders = new List<string>();
        await foreach (var o in world.Lake.ListObjectsAsync(ClaimKeys.HolderPrefix("alpha", date), CancellationToken.None))
        {
            holders.Add(o.Key);
        }
        Assert.Equal([ClaimKeys.Holder("alpha", date, 1)], holders);
        // No ticket: the bakery was not run.
        await foreach (var o in world.Lake.ListObjectsAsync(ClaimKeys.DatePrefix("alpha", date) + "ticket/", CancellationToken.None))
        {
            Assert.Fail($"a bakery ticket was written: {o.Key}");
        }
        var run = JsonDocument.Parse(outcome.Out).RootElement.EnumerateArray().Single();
        var holder = JsonDocument.Parse(await world.Lake.ReadSmallAsync(holders[0], 1 << 16, CancellationToken.None)).RootElement;
        Assert.Equal(run.GetProperty("run_id").GetString(), holder.GetProperty("run_id").GetString());
    }

    [Fact]
    public async Task Twelve_concurrent_runners_ingest_each_source_and_date_exactly_once()
    {
        var settings = server.NewLakeSettings();
        using var world = new TestWorld(AzureServer.NewLake(settings), AzureServer.Yaml(settings));
        for (var round = 1; round <= 2; round++)
        {
            var date = TestWorld.D(round);
            world.DropAll(date, date);
            var processes = Enumerable.Range(0, 12)
                .Select(_ => LandfallProcess.Start(["run", "--date", ManifestKeys.FormatDate(date), "--json", "--config", world.ConfigPath]))
                .ToList();
            var outcomes = new List<CliOutcome>();
            foreach (var p in processes)
            {
                outcomes.Add(await p.WaitAsync());
                p.Dispose();
            }

            Assert.All(outcomes, o => Assert.True(o.ExitCode == 0, $"exit {o.ExitCode}: {o.Error}"));
            var rows = outcomes.SelectMany(o => JsonDocument.Parse(o.Out).RootElement.EnumerateArray().Select(r => r.Clone())).ToList();
            foreach (var source in world.SourceNames)
            {
                var mine = rows.Where(r => r.GetProperty("source").GetString() == source).ToList();
                Assert.Equal(12, mine.Count);
                var winner = Assert.Single(mine, r => r.GetProperty("status").GetString() == "success");
                var manifest = Assert.Single(await world.Store().AllAsync(source, date, CancellationToken.None));
                Assert.Equal(winner.GetProperty("run_id").GetString(), manifest.RunId);
                var bronze = new List<string>();
                await foreach (var obj in world.Lake.ListObjectsAsync($"bronze/source={source}/", CancellationToken.None))
                {
                    if (obj.Key.Contains($"ingest_date={ManifestKeys.FormatDate(date)}/", StringComparison.Ordinal))
                    {
                        bronze.Add(obj.Key);
                    }
                }
                Assert.All(bronze, k => Assert.Contains($"/run_id={manifest.RunId}/", k));
                Assert.Single(bronze);
            }
        }
    }
}

internal sealed class NonSeekableStream(byte[] data) : MemoryStream(data, writable: false)
{
    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => base.Position; set => throw new NotSupportedException(); }
}
