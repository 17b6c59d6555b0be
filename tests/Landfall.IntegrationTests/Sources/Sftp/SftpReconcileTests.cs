using System.Text;
using System.Text.Json;
using Landfall.Hosting;
using Landfall.IntegrationTests.S3;
using Landfall.Lake;
using Landfall.Reconcile;
using Landfall.Runs;
using Landfall.Testing;
using Xunit.Abstractions;

namespace Landfall.IntegrationTests.Sources.Sftp;

/// <summary>
/// Reconcile against the real sshd, on both lakes: a partner re-drops a corrected file for a date that already succeeded and adds a
/// late one; reconcile finds both, for that date only, from one listing per folder over one connection; --apply re-ingests it; the
/// next reconcile finds nothing.
/// </summary>
[Collection(SshdCollection.Name)]
public sealed class SftpReconcileTests(SshdServer server, S3Server s3, ITestOutputHelper output) : IClassFixture<S3Server>
{
    private static readonly DateOnly Day1 = SftpWorld.Day;
    private static readonly DateOnly Day2 = SftpWorld.Day.AddDays(1);

    private static ReconcileRequest Window(bool apply = false) => new() { From = Day1, To = Day2, Apply = apply };

    [Theory]
    [InlineData("local")]
    [InlineData("s3")]
    public async Task A_corrected_file_and_a_late_file_are_found_for_that_date_only_apply_reingests_and_then_nothing_drifts(string lakeKind)
    {
        using var world = new SftpWorld(server);
        world.Drop("a.csv", "id\n1\n2\n", Day1);
        world.Drop("b.csv", "id\n3\n", Day1);
        world.Drop("a.csv", "id\n4\n", Day2);
        world.WriteConfig();
        using var s3Lake = lakeKind == "s3" ? s3.NewLake(s3.NewLakeSettings()) : null;
        var lake = new CountingLake(s3Lake ?? (ILake)world.Lake);
        foreach (var day in new[] { Day1, Day2 })
        {
            var ingested = Assert.Single(await Host(world, lake, world.Logs).Runner.RunDateAsync(day, new RunOptions(), CancellationToken.None));
            Assert.Equal(RunStatus.Success, ingested.Status);
        }
        // The partner re-drops a.csv corrected (another size, a later time) and adds c.csv, both settled by now.
        var corrected = world.Drop("a.csv", "id\n1\n2\n2b\n", Day1, age: TimeSpan.FromMinutes(10));
        world.Drop("c.csv", "id\n5\n", Day1, age: TimeSpan.FromMinutes(10));
        var remote = $"{server.Home}/{world.Remote}/2026-01-01";
        lake.Reset();
        var logs = new CapturingLoggerProvider();

        var found = await Host(world, lake, logs).ReconcileAsync(Window(), CancellationToken.None);

        output.WriteLine($"sftp, 2 dates, 1 entity: {logs.Named("sftp_connected").Count()} connection(s), " +
            $"{logs.Named("sftp_directory_listed").Count()} directory listing(s); lake {lake}");
        Assert.Single(logs.Named("sftp_connected"));
        Assert.Equal(2, logs.Named("sftp_directory_listed").Count());
        Assert.Equal((2, 2, 0), (lake.Lists, lake.Gets, lake.Puts));
        var drift = Assert.Single(found.Results, r => r.IngestDate == Day1);
        Assert.Equal(ReconcileStatus.Drift, drift.Status);
        var changed = Assert.Single(drift.Changes, c => c.Change == DriftChangeKind.Changed);
        Assert.Equal($"{remote}/a.csv", changed.SourcePath);
        Assert.Contains(DriftField.Bytes, changed.Fields);
        Assert.Contains(DriftField.ModifiedAt, changed.Fields);
        Assert.Equal(new FileInfo(corrected).Length, changed.After!.Bytes);
        Assert.Equal($"{remote}/c.csv", Assert.Single(drift.Changes, c => c.Change == DriftChangeKind.Added).SourcePath);
        Assert.Equal(2, drift.Changes.Count);
        Assert.Equal(ReconcileStatus.NoDrift, Assert.Single(found.Results, r => r.IngestDate == Day2).Status);

        var applied = await Host(world, lake, logs).ReconcileAsync(Window(apply: true), CancellationToken.None);

        var reingest = Assert.Single(applied.Results, r => r.IngestDate == Day1).Reingest!;
        Assert.True(reingest.Status == RunStatus.Success, string.Join("; ", reingest.Errors.Select(e => e.Message)));
        Assert.Equal(drift.RunId, reingest.Supersedes);
        Assert.Equal(3, reingest.Objects);
        Assert.Null(Assert.Single(applied.Results, r => r.IngestDate == Day2).Reingest);
        using var manifest = JsonDocument.Parse(await lake.ReadSmallAsync(reingest.ManifestKey!, 1 << 20, CancellationToken.None));
        Assert.Equal("reconcile", manifest.RootElement.GetProperty("reason").GetString());
        var objects = manifest.RootElement.GetProperty("outputs").GetProperty("items").GetProperty("objects").EnumerateArray().ToList();
        var landed = objects.Single(o => o.GetProperty("source_path").GetString() == $"{remote}/a.csv").GetProperty("key").GetString()!;
        Assert.Equal("id\n1\n2\n2b\n", Encoding.UTF8.GetString(await lake.ReadSmallAsync(landed, 1 << 20, CancellationToken.None)));
        // The first run's copy of a.csv stays, under its own run.
        Assert.Equal("id\n1\n2\n", Encoding.UTF8.GetString(await lake.ReadSmallAsync(
            landed.Replace(reingest.RunId, drift.RunId, StringComparison.Ordinal), 1 << 20, CancellationToken.None)));

        var again = await Host(world, lake, logs).ReconcileAsync(Window(), CancellationToken.None);

        Assert.All(again.Results, r => Assert.Equal(ReconcileStatus.NoDrift, r.Status));
        Assert.Equal(reingest.RunId, Assert.Single(again.Results, r => r.IngestDate == Day1).RunId);
    }

    [Fact]
    public async Task A_file_removed_from_the_drop_is_reported_and_an_unreachable_server_is_a_failed_result_not_an_exception()
    {
        using var world = new SftpWorld(server);
        world.Drop("a.csv", "id\n1\n", Day1);
        world.Drop("b.csv", "id\n2\n", Day1);
        Assert.Equal("success", (await world.RunAsync(Day1)).Status);
        File.Delete(Path.Combine(world.DateFolder(Day1), "b.csv"));

        var found = await Host(world, world.Lake, world.Logs).ReconcileAsync(new ReconcileRequest { From = Day1, To = Day1 }, CancellationToken.None);

        var removed = Assert.Single(Assert.Single(found.Results).Changes);
        Assert.Equal((DriftChangeKind.Removed, $"{server.Home}/{world.Remote}/2026-01-01/b.csv"), (removed.Change, removed.SourcePath));

        world.Source["port"] = "1";
        world.Source["max_attempts"] = "1";
        var failed = await Host(world, world.Lake, world.Logs).ReconcileAsync(new ReconcileRequest { From = Day1, To = Day1 }, CancellationToken.None);

        var result = Assert.Single(failed.Results);
        Assert.Equal(ReconcileStatus.Failed, result.Status);
        Assert.Equal("connection_failed", result.Reason);
        Assert.True(failed.AnyFailed);
    }

    private static LandfallHost Host(SftpWorld world, ILake lake, CapturingLoggerProvider logs)
    {
        world.WriteConfig();
        return TestHosts.Host(ConfigLoader.Load(world.ConfigPath), lake, logs, TimeProvider.System);
    }
}
