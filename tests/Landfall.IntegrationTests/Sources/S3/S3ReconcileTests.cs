using Amazon.S3;
using Amazon.S3.Model;
using Landfall.Hosting;
using Landfall.IntegrationTests.S3;
using Landfall.Lake;
using Landfall.Reconcile;
using Landfall.Runs;
using Landfall.Testing;
using Xunit.Abstractions;
using static Landfall.IntegrationTests.Sources.S3.S3SourceWorld;

namespace Landfall.IntegrationTests.Sources.S3;

/// <summary>
/// Reconcile of an s3 source against the real server, into the S3 lake: an object overwritten in place (a new ETag) and one added
/// after the date succeeded (and after the quiet period), on a versioned and on a plain bucket, found from the listing alone.
/// </summary>
[Collection(S3Collection.Name)]
public sealed class S3ReconcileTests(S3Server server, ITestOutputHelper output)
{
    private static ReconcileRequest OneDate(bool apply = false) => new() { From = Date, To = Date, Apply = apply };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_object_overwritten_in_place_and_one_added_later_are_drift_and_apply_reingests_them(bool versioned)
    {
        await using var world = new S3SourceWorld(server, sourceYamlExtra: "quiet_period: 30m");
        // S3 keeps whole seconds: the clock moves (it flows with real time) for ended_at to tell the re-ingest's manifest from the first.
        await world.CreateBucketAsync();
        if (versioned)
        {
            await world.Client.PutBucketVersioningAsync(new PutBucketVersioningRequest
            {
                BucketName = world.SourceBucket,
                VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
            });
        }
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");
        await world.PutAsync(DatePrefix + "b.csv", "id\n2\n");
        var first = await world.RunAsync();
        AssertSuccess(first);
        var recorded = (await world.ManifestAsync(first)).Outputs["exports"].Objects.Single(o => o.SourcePath!.EndsWith("a.csv", StringComparison.Ordinal));
        // The same size, other bytes: only the ETag (and on a versioned bucket the version) tells.
        var overwrite = await world.PutAsync(DatePrefix + "a.csv", "id\n9\n");
        await world.PutAsync(DatePrefix + "c.csv", "id\n3\n");
        var lake = new CountingLake(world.Lake);
        using var http = new HttpRequestCounter(world.SourceBucket);

        var found = await Host(world, lake).ReconcileAsync(OneDate(), CancellationToken.None);

        output.WriteLine($"s3 ({(versioned ? "versioned" : "plain")}), 1 date, 1 entity, 3 objects: source {http.Requests.Count} request(s) " +
            $"[{string.Join(", ", http.Requests)}]; lake {lake}");
        // One GetBucketVersioning and one listing page (ListObjectVersions on a versioned bucket, ListObjectsV2 otherwise); no HEAD, no GET.
        Assert.Equal(["GET ?versioning", versioned ? "GET ?delimiter&max-keys&prefix&versions" : "GET ?delimiter&list-type&max-keys&prefix"],
            http.Requests);
        Assert.Equal((1, 1, 0), (lake.Lists, lake.Gets, lake.Puts));
        var result = Assert.Single(found.Results);
        Assert.Equal(ReconcileStatus.Drift, result.Status);
        var changed = Assert.Single(result.Changes, c => c.Change == DriftChangeKind.Changed);
        Assert.Equal($"s3://{world.SourceBucket}/{DatePrefix}a.csv", changed.SourcePath);
        Assert.Equal(versioned ? [DriftField.Etag, DriftField.VersionId] : [DriftField.Etag], changed.Fields);
        Assert.Equal(S3SourceWorld.Str(recorded, "source_etag"), changed.Before!.ETag);
        Assert.Equal(overwrite.ETag.Trim('"'), changed.After!.ETag);
        if (versioned)
        {
            Assert.Equal(S3SourceWorld.Str(recorded, "source_version_id"), changed.Before.VersionId);
            Assert.Equal(overwrite.VersionId, changed.After.VersionId);
        }
        Assert.Equal($"s3://{world.SourceBucket}/{DatePrefix}c.csv", Assert.Single(result.Changes, c => c.Change == DriftChangeKind.Added).SourcePath);
        Assert.Equal(2, result.Changes.Count);

        var applied = await Host(world, world.Lake).ReconcileAsync(OneDate(apply: true), CancellationToken.None);

        var reingest = Assert.Single(applied.Results).Reingest!;
        Assert.True(reingest.Status == RunStatus.Success, string.Join("; ", reingest.Errors.Select(e => e.Message)));
        Assert.Equal(first.RunId, reingest.Supersedes);
        var landed = (await world.ManifestAsync(reingest)).Outputs["exports"].Objects;
        Assert.Equal(3, landed.Count);
        var a = landed.Single(o => o.SourcePath!.EndsWith("a.csv", StringComparison.Ordinal));
        Assert.Equal("id\n9\n", System.Text.Encoding.UTF8.GetString(await world.ReadLakeAsync(a.Key)));
        Assert.Equal("id\n1\n", System.Text.Encoding.UTF8.GetString(await world.ReadLakeAsync(recorded.Key)));

        var again = await Host(world, world.Lake).ReconcileAsync(OneDate(), CancellationToken.None);

        Assert.True(Assert.Single(again.Results).Status == ReconcileStatus.NoDrift, string.Join("; ", again.Results[0].Changes));
    }

    [Fact]
    public async Task An_object_still_within_the_quiet_period_is_drift_but_its_reingest_waits_and_the_same_bytes_rewritten_are_no_drift()
    {
        await using var world = new S3SourceWorld(server, sourceYamlExtra: "quiet_period: 2h");
        await world.CreateBucketAsync();
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");
        world.Clock.Advance(TimeSpan.FromHours(2));
        var first = await world.RunAsync();
        AssertSuccess(first);
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n"); // written again, the same bytes: the same ETag
        await world.PutAsync(DatePrefix + "late.csv", "id\n2\n");
        // Reconcile on the real clock: late.csv was written a moment ago, within the 2h quiet period.
        var host = TestHosts.Host(world.Config, world.Lake, world.Logs, new FlowingClock(DateTimeOffset.UtcNow));

        var report = await host.ReconcileAsync(OneDate(apply: true), CancellationToken.None);

        var result = Assert.Single(report.Results);
        var change = Assert.Single(result.Changes);
        Assert.Equal((DriftChangeKind.Added, $"s3://{world.SourceBucket}/{DatePrefix}late.csv"), (change.Change, change.SourcePath));
        Assert.Null(result.Reingest);
        Assert.StartsWith("exports: file_not_settled:", result.ReingestDeferred);
        Assert.Single(await world.Store().AllAsync("partner", Date, CancellationToken.None));
    }

    private static LandfallHost Host(S3SourceWorld world, ILake lake) => TestHosts.Host(world.Config, lake, world.Logs, world.Clock);
}
