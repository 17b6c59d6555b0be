using System.Text.Json;
using Landfall.Manifests;
using Landfall.Runs;
using Landfall.Status;
using Landfall.Testing;

namespace Landfall.Tests.Runs;

/// <summary>
/// A schedule that heals itself, run the way cron runs Landfall: data that is not there yet waits (no manifest, exit 0) until
/// its deadline and is late after it (one failed manifest, exit 1); holes behind a source's newest success are repaired by the
/// next plain run; <c>status --check</c> alerts. Today is 2026-01-11 06:00 UTC (fake clock), so the newest complete date is
/// 2026-01-10.
/// </summary>
public sealed class ScheduleTests : IDisposable
{
    private readonly List<TestWorld> _worlds = [];

    public void Dispose() => _worlds.ForEach(w => w.Dispose());

    private TestWorld NewWorld(string sourceYaml = "", string? schedule = null, string[]? sources = null)
    {
        var world = TestWorld.OnLocalLake(sources, schedule: schedule, sourceYaml: sourceYaml);
        _worlds.Add(world);
        return world;
    }

    private static async Task<int> ManifestCountAsync(TestWorld world, string source, int day) =>
        (await world.Store().AllAsync(source, TestWorld.D(day), CancellationToken.None)).Count;

    private static async Task<StatusReport> StatusAsync(TestWorld world)
    {
        using var host = world.Host();
        return await host.StatusAsync(new StatusRequest(), CancellationToken.None);
    }

    [Fact]
    public async Task An_hourly_cron_waits_without_a_trace_until_the_deadline_then_records_late_once_then_ingests_when_the_data_comes()
    {
        var world = NewWorld("    expected_by: \"09:00\"", sources: ["alpha"]);
        world.DropAll(TestWorld.D(1), TestWorld.D(9));

        // 06:00: 2026-01-10 is due by 09:00 today; its file is not there yet.
        var first = await world.CliAsync("run", "--catch-up", "--json");
        Assert.True(first.ExitCode == 0, first.Error);
        using (var rows = JsonDocument.Parse(first.Out))
        {
            var waiting = rows.RootElement.EnumerateArray().Single(r => r.GetProperty("ingest_date").GetString() == "2026-01-10");
            Assert.Equal("waiting", waiting.GetProperty("status").GetString());
            Assert.Equal("no_files_yet", waiting.GetProperty("reason").GetString());
            Assert.Null(waiting.GetProperty("manifest_key").GetString());
        }
        world.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, (await world.CliAsync("run")).ExitCode);
        Assert.Equal(0, await ManifestCountAsync(world, "alpha", 10));
        Assert.Equal(2, world.Logs.Named("source_waiting").Count());

        // 09:30: past the deadline: one late manifest, exit 1.
        world.Clock.Advance(TimeSpan.FromHours(2.5));
        var late = await world.CliAsync("run", "--json");
        Assert.Equal(1, late.ExitCode);
        var manifest = Assert.Single(await world.Store().AllAsync("alpha", TestWorld.D(10), CancellationToken.None));
        Assert.Equal(ManifestStatus.Failed, manifest.Status);
        var error = Assert.Single(manifest.Errors);
        Assert.Equal("late", error.Type);
        Assert.StartsWith("no_files_yet: ", error.Message);
        Assert.Contains("2026-01-11T09:00:00", error.Message);
        Assert.Single(world.Logs.Named("source_late"));

        // 10:30, nothing changed: still late (exit 1), and no second identical manifest.
        world.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, (await world.CliAsync("run")).ExitCode);
        Assert.Equal(1, await ManifestCountAsync(world, "alpha", 10));
        Assert.Single(world.Logs.Named("source_still_late"));

        // 11:30, the file came: the next run ingests the date.
        world.Drop("alpha", TestWorld.D(10));
        world.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, (await world.CliAsync("run")).ExitCode);
        Assert.Equal(2, await ManifestCountAsync(world, "alpha", 10));
        Assert.True((await world.Store().LatestAsync("alpha", TestWorld.D(10), CancellationToken.None))!.IsSuccess);
        Assert.Equal(TestWorld.D(10), (await StatusAsync(world)).CompleteThrough);
    }

    [Fact]
    public async Task A_failed_force_rerun_leaves_a_hole_that_the_next_plain_run_repairs()
    {
        var world = NewWorld();
        world.DropAll(TestWorld.D(1), TestWorld.D(10));
        Assert.Equal(0, (await world.CliAsync("run", "--from", "2026-01-01", "--to", "2026-01-05")).ExitCode);
        // A --force re-run whose files were moved away: its failed manifest is now the date's latest.
        var moved = Path.Combine(world.Folder, "drop", "alpha", "2026-01-03");
        Directory.Move(moved, moved + ".away");
        Assert.Equal(1, (await world.CliAsync("run", "--date", "2026-01-03", "--source", "alpha", "--force")).ExitCode);
        Directory.Move(moved + ".away", moved);
        var broken = await StatusAsync(world);
        Assert.Equal(TestWorld.D(2), broken.CompleteThrough);
        Assert.Equal([TestWorld.D(3)], broken.Sources.Single(s => s.Source == "alpha").Holes);

        // --no-repair: the next date only, and the hole stays.
        Assert.Equal(0, (await world.CliAsync("run", "--no-repair")).ExitCode);
        Assert.Equal(TestWorld.D(2), (await StatusAsync(world)).CompleteThrough);
        var plan = await world.CliAsync("plan");
        Assert.Contains("Holes to repair first (1):", plan.Out);
        Assert.Contains("2026-01-03  alpha", plan.Out);

        // A plain run repairs the hole, then does its next date.
        var run = await world.CliAsync("run", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var rows = JsonDocument.Parse(run.Out);
        Assert.Equal(["alpha 2026-01-03 success", "alpha 2026-01-07 success", "beta 2026-01-07 success"],
            rows.RootElement.EnumerateArray().Select(r => $"{r.GetProperty("source").GetString()} {r.GetProperty("ingest_date").GetString()} " +
                r.GetProperty("status").GetString()).Order());
        Assert.Single(world.Logs.Named("hole_repair"));
        var healed = await StatusAsync(world);
        Assert.Equal(TestWorld.D(7), healed.CompleteThrough);
        Assert.All(healed.Sources, s => Assert.Empty(s.Holes));
    }

    [Fact]
    public async Task A_date_that_failed_inside_a_backfill_is_repaired_by_the_next_plain_run_and_complete_through_recovers()
    {
        var world = NewWorld();
        world.DropAll(TestWorld.D(1), TestWorld.D(10));
        var missing = Path.Combine(world.Folder, "drop", "beta", "2026-01-03");
        Directory.Move(missing, missing + ".away");

        // The range stops after 2026-01-03 (beta late); the operator backfills the rest: beta's 2026-01-03 is now a hole.
        Assert.Equal(1, (await world.CliAsync("run", "--from", "2026-01-01", "--to", "2026-01-06")).ExitCode);
        Assert.Equal(0, (await world.CliAsync("run", "--from", "2026-01-04", "--to", "2026-01-06")).ExitCode);
        Assert.Equal(TestWorld.D(2), (await StatusAsync(world)).CompleteThrough);
        Assert.Equal([TestWorld.D(3)], (await StatusAsync(world)).Sources.Single(s => s.Source == "beta").Holes);

        Directory.Move(missing + ".away", missing);
        Assert.Equal(0, (await world.CliAsync("run")).ExitCode);

        Assert.True((await world.Store().LatestAsync("beta", TestWorld.D(3), CancellationToken.None))!.IsSuccess);
        Assert.Equal(TestWorld.D(7), (await StatusAsync(world)).CompleteThrough);
    }

    [Fact]
    public async Task Repairs_are_bounded_per_run_oldest_first_and_a_date_run_repairs_nothing()
    {
        var world = NewWorld(schedule: "max_repairs_per_run: 1", sources: ["alpha"]);
        world.DropAll(TestWorld.D(1), TestWorld.D(10));
        Assert.Equal(0, (await world.CliAsync("run", "--from", "2026-01-01", "--to", "2026-01-05")).ExitCode);
        foreach (var day in new[] { "2026-01-02", "2026-01-04" })
        {
            var folder = Path.Combine(world.Folder, "drop", "alpha", day);
            Directory.Move(folder, folder + ".away");
            Assert.Equal(1, (await world.CliAsync("run", "--date", day, "--force")).ExitCode);
            Directory.Move(folder + ".away", folder);
        }

        // A run for a date does what it was asked, nothing else.
        Assert.Equal(0, (await world.CliAsync("run", "--date", "2026-01-06")).ExitCode);
        Assert.False((await world.Store().LatestAsync("alpha", TestWorld.D(2), CancellationToken.None))!.IsSuccess);

        Assert.Equal(0, (await world.CliAsync("run")).ExitCode);
        Assert.True((await world.Store().LatestAsync("alpha", TestWorld.D(2), CancellationToken.None))!.IsSuccess);
        Assert.False((await world.Store().LatestAsync("alpha", TestWorld.D(4), CancellationToken.None))!.IsSuccess);

        Assert.Equal(0, (await world.CliAsync("run")).ExitCode);
        Assert.True((await world.Store().LatestAsync("alpha", TestWorld.D(4), CancellationToken.None))!.IsSuccess);
        Assert.Empty((await StatusAsync(world)).Sources.Single().Holes);
    }

    [Fact]
    public async Task Status_check_exits_0_when_fresh_or_only_warned_and_1_past_error_after()
    {
        var world = NewWorld("    freshness: { warn_after: 30h, error_after: 60h }", sources: ["alpha"]);
        world.DropAll(TestWorld.D(1), TestWorld.D(10));
        Assert.Equal(0, (await world.CliAsync("run", "--catch-up")).ExitCode);

        // 2026-01-10 ended six hours ago.
        var fresh = await world.CliAsync("status", "--check");
        Assert.True(fresh.ExitCode == 0, fresh.Out);
        Assert.Contains("Check: healthy.", fresh.Out);
        Assert.Contains("ok 6h", fresh.Out);

        world.Clock.Advance(TimeSpan.FromHours(30));
        var warned = await world.CliAsync("status", "--check");
        Assert.Equal(0, warned.ExitCode);
        Assert.Contains("warning: alpha: freshness:", warned.Out);

        world.Clock.Advance(TimeSpan.FromHours(30));
        var stale = await world.CliAsync("status", "--check", "--json");
        Assert.Equal(1, stale.ExitCode);
        using var doc = JsonDocument.Parse(stale.Out);
        var alert = Assert.Single(doc.RootElement.GetProperty("alerts").EnumerateArray());
        Assert.Equal(("alpha", "error", "freshness"), (alert.GetProperty("source").GetString(), alert.GetProperty("level").GetString(),
            alert.GetProperty("kind").GetString()));
        Assert.Equal("error", doc.RootElement.GetProperty("sources")[0].GetProperty("freshness").GetProperty("status").GetString());
        // Without --check, status only reports.
        Assert.Equal(0, (await world.CliAsync("status")).ExitCode);
    }

    [Fact]
    public async Task Status_check_exits_1_for_a_late_date_and_shows_it()
    {
        var world = NewWorld(sources: ["alpha"]);
        world.DropAll(TestWorld.D(1), TestWorld.D(8));
        Assert.Equal(0, (await world.CliAsync("run", "--from", "2026-01-01", "--to", "2026-01-08")).ExitCode);
        // 2026-01-09 was due by the end of 2026-01-10: it is late.
        Assert.Equal(1, (await world.CliAsync("run", "--date", "2026-01-09")).ExitCode);

        var status = await world.CliAsync("status", "--check");

        Assert.Equal(1, status.ExitCode);
        Assert.Contains("error: alpha: late:", status.Out);
        Assert.Contains("Check: unhealthy (exit 1).", status.Out);
        Assert.Equal([TestWorld.D(9)], (await StatusAsync(world)).Sources.Single().LateDates);
    }

    [Fact]
    public async Task A_file_written_in_two_bursts_is_not_ingested_until_it_has_settled()
    {
        var world = NewWorld("    settle_interval: 1s", sources: ["alpha"]);
        var path = world.Drop("alpha", TestWorld.D(10), "part-1.csv", "id\n1\n");
        var appended = 0;
        // The writer pauses, the first listing sees the first burst, then the second burst lands before the second listing.
        world.Logs.OnEvent = e =>
        {
            if (e.EventName == "files_first_listing" && Interlocked.Exchange(ref appended, 1) == 0)
            {
                File.AppendAllText(path, "2\n3\n");
            }
        };

        var early = await RunWhileAdvancingAsync(world);

        var result = Assert.Single(early.Results);
        Assert.Equal(RunStatus.Waiting, result.Status);
        Assert.Equal("file_not_settled", result.Reason);
        Assert.Contains("part-1.csv", result.Errors[0].Message);
        Assert.Equal(0, await ManifestCountAsync(world, "alpha", 10));
        Assert.DoesNotContain((await world.SnapshotAsync()).Keys, k => k.StartsWith("bronze/", StringComparison.Ordinal));

        world.Logs.OnEvent = null;
        var settled = await RunWhileAdvancingAsync(world);

        Assert.Equal(RunStatus.Success, Assert.Single(settled.Results).Status);
        var manifest = (await world.Store().LatestAsync("alpha", TestWorld.D(10), CancellationToken.None))!.TryBind()!;
        var obj = Assert.Single(manifest.Outputs["items"].Objects);
        Assert.Equal("id\n1\n2\n3\n".Length, obj.Bytes);
    }

    /// <summary>A run for 2026-01-10, with the fake clock moved on while it waits out its settle interval.</summary>
    private static async Task<RunReport> RunWhileAdvancingAsync(TestWorld world)
    {
        using var host = world.Host();
        var run = host.RunAsync(new RunRequest { Date = TestWorld.D(10) }, CancellationToken.None);
        while (!run.IsCompleted)
        {
            world.Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(10);
        }
        return await run;
    }
}
