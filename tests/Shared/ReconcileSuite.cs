using System.Text.Json;
using Landfall.Lake;
using Landfall.Layout;
using Landfall.Reconcile;
using Landfall.Runs;

namespace Landfall.Testing;

/// <summary>
/// <c>landfall reconcile</c> over a <c>files</c> source, against every lake: the local folder in the unit tests, the real S3-compatible
/// server in the integration tests. Drift is found for the dates that drifted only, <c>--apply</c> re-ingests them as new runs that
/// supersede and record the drift, nothing is ever deleted, and concurrent re-ingests of one finding make exactly one new success.
/// </summary>
public abstract class ReconcileSuite : IDisposable
{
    private const string AfterRun = "    reconcile: { after_run: true }";

    private TestWorld? _world;

    /// <summary>A fresh, empty lake, and the YAML lake section that points at it.</summary>
    protected abstract (ILake Lake, string Yaml) CreateLake();

    /// <summary>How many times the in-process race runs.</summary>
    protected virtual int RaceRounds => 3;

    protected TestWorld World => _world ??= NewWorld("");

    protected TestWorld NewWorld(string sourceYaml)
    {
        var (lake, yaml) = CreateLake();
        return _world = new TestWorld(lake, yaml, sourceYaml: sourceYaml);
    }

    public void Dispose()
    {
        _world?.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task IngestAsync(int first, int last)
    {
        World.DropAll(TestWorld.D(first), TestWorld.D(last));
        for (var d = first; d <= last; d++)
        {
            var results = await World.Runner().RunDateAsync(TestWorld.D(d), new RunOptions(), CancellationToken.None);
            Assert.All(results, r => Assert.Equal(RunStatus.Success, r.Status));
        }
    }

    private Task<ReconcileReport> ReconcileAsync(int first, int last, bool apply = false, string? source = null) =>
        World.Host().ReconcileAsync(new ReconcileRequest
        {
            From = TestWorld.D(first),
            To = TestWorld.D(last),
            Apply = apply,
            Sources = source is null ? null : [source],
        }, CancellationToken.None);

    private string DropFile(string source, int day, string name) =>
        Path.Combine(World.Folder, "drop", source, ManifestKeys.FormatDate(TestWorld.D(day)), name);

    private static ReconcileResult Result(ReconcileReport report, string source, int day) =>
        Assert.Single(report.Results, r => r.Source == source && r.IngestDate == TestWorld.D(day));

    [Fact]
    public async Task Nothing_changed_at_the_source_is_no_drift_for_every_date_and_nothing_is_written()
    {
        await IngestAsync(1, 3);
        var before = await World.SnapshotAsync();

        var report = await ReconcileAsync(1, 3, apply: true);

        Assert.Equal(6, report.Results.Count);
        Assert.All(report.Results, r =>
        {
            Assert.Equal(ReconcileStatus.NoDrift, r.Status);
            Assert.Empty(r.Changes);
            Assert.Null(r.Reingest);
            Assert.Equal("objects", Assert.Single(r.Entities).Compared);
        });
        Assert.False(report.AnyDrift);
        Assert.Equal(before.Keys.Order(), (await World.SnapshotAsync()).Keys.Order());
    }

    [Fact]
    public async Task An_appended_file_and_a_file_added_later_are_drift_of_that_date_only()
    {
        await IngestAsync(1, 3);
        var appended = DropFile("alpha", 2, "part-1.csv");
        var sizeBefore = new FileInfo(appended).Length;
        await File.AppendAllTextAsync(appended, "2,alpha,late correction\n");
        File.SetLastWriteTimeUtc(appended, DateTime.UtcNow.AddMinutes(5));
        var added = World.Drop("alpha", TestWorld.D(2), "part-2.csv");

        var report = await ReconcileAsync(1, 3);

        var drift = Result(report, "alpha", 2);
        Assert.Equal(ReconcileStatus.Drift, drift.Status);
        Assert.Equal(2, drift.Changes.Count);
        var change = Assert.Single(drift.Changes, c => c.Change == DriftChangeKind.Changed);
        Assert.Equal(Path.GetFullPath(appended), change.SourcePath);
        Assert.Equal([DriftField.Bytes, DriftField.ModifiedAt], change.Fields);
        Assert.Equal(sizeBefore, change.Before!.Bytes);
        Assert.Equal(new FileInfo(appended).Length, change.After!.Bytes);
        var add = Assert.Single(drift.Changes, c => c.Change == DriftChangeKind.Added);
        Assert.Equal(Path.GetFullPath(added), add.SourcePath);
        Assert.Null(add.Before);
        Assert.All(report.Results.Where(r => r != drift), r => Assert.Equal(ReconcileStatus.NoDrift, r.Status));
        Assert.True(report.AnyDrift);
    }

    [Fact]
    public async Task A_file_removed_at_the_source_is_reported_the_reingest_says_what_disappeared_and_nothing_is_deleted()
    {
        World.Drop("alpha", TestWorld.D(4), "part-2.csv");
        await IngestAsync(4, 4);
        var removed = DropFile("alpha", 4, "part-2.csv");
        File.Delete(removed);
        var before = await World.SnapshotAsync();

        var report = await ReconcileAsync(4, 4, apply: true, source: "alpha");

        var result = Assert.Single(report.Results);
        var change = Assert.Single(result.Changes);
        Assert.Equal(DriftChangeKind.Removed, change.Change);
        Assert.Equal(Path.GetFullPath(removed), change.SourcePath);
        Assert.Null(change.After);
        Assert.Equal(RunStatus.Success, result.Reingest!.Status);
        var after = await World.SnapshotAsync();
        foreach (var (key, bytes) in before)
        {
            Assert.True(after.TryGetValue(key, out var still), $"{key} was deleted");
            Assert.Equal(bytes, still);
        }
        using var manifest = JsonDocument.Parse(after[result.Reingest.ManifestKey!]);
        var gone = Assert.Single(manifest.RootElement.GetProperty("drift").GetProperty("changes").EnumerateArray());
        Assert.Equal("removed", gone.GetProperty("change").GetString());
        Assert.Equal(Path.GetFullPath(removed), gone.GetProperty("source_path").GetString());
        Assert.Equal(1, manifest.RootElement.GetProperty("drift").GetProperty("removed").GetInt32());
    }

    [Fact]
    public async Task Apply_reingests_a_drifted_date_as_a_new_run_that_supersedes_and_records_the_drift_then_nothing_drifts()
    {
        await IngestAsync(1, 2);
        var old = await World.Store().LatestAsync("alpha", TestWorld.D(2), CancellationToken.None);
        World.Drop("alpha", TestWorld.D(2), "part-9.csv", "id\n9\n");

        var applied = await ReconcileAsync(1, 2, apply: true);

        var result = Result(applied, "alpha", 2);
        var run = result.Reingest!;
        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal("reconcile", run.ReingestReason);
        Assert.Equal(old!.RunId, run.Supersedes);
        Assert.Equal(2, run.Objects);
        var latest = await World.Store().LatestAsync("alpha", TestWorld.D(2), CancellationToken.None);
        Assert.Equal(run.RunId, latest!.RunId);
        var root = latest.Root!.Value;
        Assert.Equal("success", root.GetProperty("status").GetString());
        Assert.Equal("reconcile", root.GetProperty("reason").GetString());
        Assert.Equal(old.RunId, root.GetProperty("supersedes").GetProperty("run_id").GetString());
        Assert.Equal(old.Key, root.GetProperty("supersedes").GetProperty("key").GetString());
        var drift = root.GetProperty("drift");
        Assert.Equal(old.RunId, drift.GetProperty("compared_run_id").GetString());
        Assert.Equal("added", Assert.Single(drift.GetProperty("changes").EnumerateArray()).GetProperty("change").GetString());
        Assert.All(applied.Results.Where(r => r != result), r => Assert.Null(r.Reingest));

        var again = await ReconcileAsync(1, 2, apply: true);

        Assert.All(again.Results, r => Assert.Equal(ReconcileStatus.NoDrift, r.Status));
        Assert.Equal(run.RunId, Result(again, "alpha", 2).RunId);
        var history = await World.Host().HistoryAsync(new Status.HistoryRequest { Sources = ["alpha"], Date = TestWorld.D(2) }, CancellationToken.None);
        Assert.Equal(new string?[] { "reconcile", null }, history.Select(h => h.Reason));
    }

    [Fact]
    public async Task A_date_whose_latest_manifest_failed_is_not_comparable_and_dates_without_manifests_are_left_out()
    {
        await IngestAsync(1, 1);
        World.Drop("alpha", TestWorld.D(2));
        Assert.Equal(RunStatus.Failed, Assert.Single(await World.Runner().RunDateAsync(TestWorld.D(2), new RunOptions(), CancellationToken.None),
            r => r.Source == "beta").Status);

        var report = await ReconcileAsync(1, 5, apply: true);

        Assert.Equal(4, report.Results.Count);
        var failed = Result(report, "beta", 2);
        Assert.Equal(ReconcileStatus.NotComparable, failed.Status);
        Assert.Equal("latest_manifest_failed", failed.Reason);
        Assert.Contains("a run of 2026-01-02 for source beta redoes the date", failed.Message);
        Assert.Null(failed.Reingest);
    }

    [Fact]
    public async Task Concurrent_reingests_of_one_drift_leave_exactly_one_new_success()
    {
        // On the real clock (claims wait on it), dates of the last days, inside the default 7-day window of the after-run pass.
        NewWorld(AfterRun);
        for (var round = 1; round <= RaceRounds; round++)
        {
            var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1 - round);
            World.DropAll(date, date);
            Assert.All(await World.Runner().RunDateAsync(date, new RunOptions(), CancellationToken.None), r => Assert.Equal(RunStatus.Success, r.Status));
            World.Drop("alpha", date, "late.csv", "id\n7\n");
            var request = new ReconcileRequest { From = date, To = date, Apply = true, Sources = ["alpha"] };

            // Two reconcile --apply and a run whose after-run pass reconciles the same window, each on its own host (as three processes).
            var reconciles = Enumerable.Range(0, 2).Select(_ => Task.Run(() => RealTimeHost().ReconcileAsync(request, CancellationToken.None))).ToList();
            var run = Task.Run(() => RealTimeHost().RunAsync(new RunRequest { Date = date, Sources = ["alpha"] }, CancellationToken.None));
            await Task.WhenAll([.. reconciles, run]);

            var manifests = await World.Store().AllAsync("alpha", date, CancellationToken.None);
            Assert.Equal(2, manifests.Count);
            Assert.All(manifests, m => Assert.True(m.IsSuccess));
            // A reconcile that looked after the winner's manifest finds no drift any more (it compares with that success).
            var compared = (await Task.WhenAll(reconciles)).Select(r => Assert.Single(r.Results)).ToList();
            Assert.All(compared.Where(c => c.Reingest is null), c => Assert.Equal((ReconcileStatus.NoDrift, manifests[0].RunId), (c.Status, c.RunId)));
            var attempts = compared.Where(c => c.Reingest is not null).Select(c => c.Reingest!)
                .Concat((await run).Results.Where(r => r.ReingestReason == "reconcile")).ToList();
            var winner = Assert.Single(attempts, a => a.Status == RunStatus.Success);
            Assert.Equal(manifests[0].RunId, winner.RunId);
            Assert.All(attempts.Where(a => a != winner), a =>
            {
                Assert.Equal(RunStatus.Skipped, a.Status);
                Assert.Contains(a.Reason, new[] { "claimed_by_other_run", "latest_manifest_changed" });
            });
        }
    }

    private Hosting.LandfallHost RealTimeHost() => Hosting.LandfallHost.CreateBuilder()
        .UseConfigFile(World.ConfigPath).UseLake(World.Lake).UseLoggerFactory(World.Logs).UseTimeProvider(TimeProvider.System).Build();

    [Fact]
    public async Task Reconcile_apply_and_run_started_together_as_processes_leave_exactly_one_new_success()
    {
        // The processes run on the real clock: a date of the last days, inside the default 7-day window of the after-run pass.
        NewWorld(AfterRun);
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2);
        World.DropAll(date, date);
        Assert.All(await World.Runner().RunDateAsync(date, new RunOptions(), CancellationToken.None), r => Assert.Equal(RunStatus.Success, r.Status));
        World.Drop("alpha", date, "late.csv", "id\n8\n");
        var day = ManifestKeys.FormatDate(date);
        string[] Cli(params string[] args) => [.. args, "--config", World.ConfigPath, "--json"];

        using var reconcile = LandfallProcess.Start(Cli("reconcile", "--apply", "--from", day, "--to", day, "--source", "alpha"));
        using var run = LandfallProcess.Start(Cli("run", "--date", day, "--source", "alpha"));
        var reconciled = await reconcile.WaitAsync(TimeSpan.FromMinutes(3));
        var ran = await run.WaitAsync(TimeSpan.FromMinutes(3));

        // Exit 1 when it found the drift (whoever re-ingested it), 0 when it looked after the run's re-ingest and found none.
        Assert.True(reconciled.ExitCode is 0 or 1, $"reconcile exit {reconciled.ExitCode}: {reconciled.Error}");
        Assert.True(ran.ExitCode == 0, $"run exit {ran.ExitCode}: {ran.Error}");
        var manifests = await World.Store().AllAsync("alpha", date, CancellationToken.None);
        Assert.Equal(2, manifests.Count);
        Assert.All(manifests, m => Assert.True(m.IsSuccess));
        Assert.Equal("reconcile", manifests[0].GetString("reason"));
        using var r = JsonDocument.Parse(reconciled.Out);
        using var p = JsonDocument.Parse(ran.Out);
        var attempts = new List<JsonElement>();
        if (r.RootElement.GetProperty("results")[0].GetProperty("reingest") is { ValueKind: JsonValueKind.Object } reingest)
        {
            attempts.Add(reingest);
        }
        attempts.AddRange(p.RootElement.EnumerateArray().Where(x => x.GetProperty("reingest_reason").GetString() == "reconcile"));
        var winner = Assert.Single(attempts, a => a.GetProperty("status").GetString() == "success");
        Assert.Equal(manifests[0].RunId, winner.GetProperty("run_id").GetString());
        Assert.All(attempts.Where(a => a.GetProperty("status").GetString() != "success"),
            a => Assert.Contains(a.GetProperty("reason").GetString(), new[] { "claimed_by_other_run", "latest_manifest_changed" }));
    }

    [Fact]
    public async Task Run_with_after_run_reconciles_its_window_after_its_own_work_and_shows_the_reingests_in_its_results()
    {
        NewWorld(AfterRun);
        await IngestAsync(1, 9);
        World.Drop("beta", TestWorld.D(5), "late.csv", "id\n5\n");
        World.DropAll(TestWorld.D(10), TestWorld.D(10));

        var skipped = await World.Host().RunAsync(new RunRequest { Reconcile = false }, CancellationToken.None);

        Assert.Equal([TestWorld.D(10)], skipped.Results.Select(r => r.IngestDate).Distinct());
        World.Drop("alpha", TestWorld.D(10), "late.csv", "id\n10\n");

        var report = await World.Host().RunAsync(new RunRequest(), CancellationToken.None);

        // Nothing left to ingest; the after-run pass finds beta's 2026-01-05 and alpha's 2026-01-10 (ingested by an earlier run).
        var reingests = report.Results.Where(r => r.ReingestReason == "reconcile").OrderBy(r => r.Source).ToList();
        Assert.Equal([("alpha", TestWorld.D(10)), ("beta", TestWorld.D(5))], reingests.Select(r => (r.Source, r.IngestDate)));
        Assert.All(reingests, r => Assert.Equal(RunStatus.Success, r.Status));
        Assert.False(report.AnyFailed);
        var again = await World.Host().ReconcileAsync(new ReconcileRequest(), CancellationToken.None);
        Assert.All(again.Results, r => Assert.Equal(ReconcileStatus.NoDrift, r.Status));
    }

    [Fact]
    public async Task The_after_run_pass_skips_a_source_whose_own_date_failed_in_this_run()
    {
        NewWorld(AfterRun);
        await IngestAsync(8, 9);
        World.Drop("alpha", TestWorld.D(9), "late.csv");
        World.Drop("beta", TestWorld.D(9), "late.csv");
        World.Drop("alpha", TestWorld.D(10));
        // beta's file for 2026-01-10 is a dangling link: its own date fails, so its drift on 2026-01-09 waits; alpha's is re-ingested.
        var dangling = World.Drop("beta", TestWorld.D(10), "part-1.csv");
        File.Delete(dangling);
        File.CreateSymbolicLink(dangling, Path.Combine(World.Folder, "nowhere.csv"));

        // Without hole repair: 2026-01-01..07 were never ingested in this world.
        var report = await World.Host().RunAsync(new RunRequest { RepairHoles = false }, CancellationToken.None);

        Assert.Equal(RunStatus.Success, Assert.Single(report.Results, r => r.Source == "alpha" && r.IngestDate == TestWorld.D(10)).Status);
        Assert.Equal(RunStatus.Failed, Assert.Single(report.Results, r => r.Source == "beta" && r.IngestDate == TestWorld.D(10)).Status);
        var reingest = Assert.Single(report.Results, r => r.ReingestReason == "reconcile");
        Assert.Equal(("alpha", TestWorld.D(9)), (reingest.Source, reingest.IngestDate));
    }
}
