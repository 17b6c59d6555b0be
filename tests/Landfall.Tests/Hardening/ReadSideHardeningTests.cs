using System.Diagnostics;
using System.Text.Json;
using Landfall.Lake.Local;
using Landfall.Layout;
using Landfall.Testing;

namespace Landfall.Tests.Hardening;

/// <summary>
/// Issue 18: what a lake's manifest folders can hold besides manifests (a future LastModified, a named pipe, a .DS_Store), the
/// date rules every command shares, and history as an operator uses it.
/// </summary>
public sealed class ReadSideHardeningTests : IDisposable
{
    private readonly string _lakeRoot = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
    private readonly TestWorld _world;

    public ReadSideHardeningTests() => _world = new TestWorld(new LocalFolderLake(_lakeRoot), $"lake:\n  kind: local\n  path: {_lakeRoot}\n");

    public void Dispose()
    {
        _world.Dispose();
        Directory.Delete(_lakeRoot, recursive: true);
    }

    private string ManifestFolder(string source, int day) =>
        Path.Combine(_lakeRoot, ManifestKeys.DatePrefix(source, TestWorld.D(day)).TrimEnd('/'));

    [Fact]
    public async Task A_manifest_from_the_future_stays_latest_but_is_warned_about_and_flagged_by_status_history_and_verify()
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(1));
        Assert.Equal(0, (await _world.CliAsync("run", "--date", "2026-01-01")).ExitCode);
        var failed = Path.Combine(ManifestFolder("alpha", 1), "run_id=future.json");
        File.WriteAllText(failed, """{"status": "failed", "run_id": "future"}""");
        File.SetLastWriteTimeUtc(failed, new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var status = await _world.CliAsync("status", "--json");
        var history = await _world.CliAsync("history", "--source", "alpha", "--json");
        var historyText = await _world.CliAsync("history", "--source", "alpha");
        var verify = await _world.CliAsync("verify", "--json");

        using var s = JsonDocument.Parse(status.Out);
        var alpha = s.RootElement.GetProperty("sources")[0];
        Assert.EndsWith("run_id=future.json", alpha.GetProperty("manifests_in_future")[0].GetString());
        Assert.Equal("2026-01-01", alpha.GetProperty("failed_dates")[0].GetString()); // the seed's rule still decides
        using var h = JsonDocument.Parse(history.Out);
        var latest = h.RootElement.EnumerateArray().First(e => e.GetProperty("latest").GetBoolean());
        Assert.Equal("future", latest.GetProperty("run_id").GetString());
        Assert.Contains("last_modified_in_future", latest.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("last_modified_in_future", historyText.Out);
        using var v = JsonDocument.Parse(verify.Out);
        Assert.Contains("ahead of this host's clock", v.RootElement.GetProperty("warnings")[0].GetString());
        Assert.Contains(_world.Logs.Named("manifest_in_future"), e => e.Message.Contains("run_id=future.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_named_pipe_named_like_a_manifest_is_never_opened_and_status_completes()
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(1));
        Assert.Equal(0, (await _world.CliAsync("run", "--date", "2026-01-01")).ExitCode);
        var success = Assert.Single(Directory.GetFiles(ManifestFolder("alpha", 1)));
        var fifo = Path.Combine(ManifestFolder("alpha", 1), "run_id=f.json");
        using (var mk = Process.Start("mkfifo", [fifo]))
        {
            await mk.WaitForExitAsync();
        }
        // Newer than the success whatever the file system's timestamp tick (created within one, the two would tie).
        File.SetLastWriteTimeUtc(fifo, File.GetLastWriteTimeUtc(success).AddSeconds(1));

        var status = await _world.CliAsync("status", "--json").WaitAsync(TimeSpan.FromSeconds(60));
        var history = await _world.CliAsync("history", "--json").WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, status.ExitCode);
        Assert.Equal(0, history.ExitCode);
        Assert.Contains(_world.Logs.Named("manifest_read_failed"), e => e.Message.Contains("not a regular file", StringComparison.Ordinal));
        // Fail open: the newest object of the date is unreadable, so the date is not a success.
        using var s = JsonDocument.Parse(status.Out);
        Assert.Equal("2026-01-01", s.RootElement.GetProperty("sources")[0].GetProperty("failed_dates")[0].GetString());
    }

    [Fact]
    public async Task Objects_outside_the_key_layout_still_count_but_are_shown_as_what_they_are()
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(1));
        Assert.Equal(0, (await _world.CliAsync("run", "--date", "2026-01-01")).ExitCode);
        var notes = Path.Combine(ManifestFolder("alpha", 1), "notes.txt");
        File.WriteAllText(notes, "remember the backfill");
        File.SetLastWriteTimeUtc(notes, DateTime.UtcNow.AddMinutes(1));

        var status = await _world.CliAsync("status", "--json");
        var history = await _world.CliAsync("history", "--source", "alpha", "--json");
        var table = await _world.CliAsync("history", "--source", "alpha");

        using var s = JsonDocument.Parse(status.Out);
        Assert.EndsWith("notes.txt", s.RootElement.GetProperty("sources")[0].GetProperty("foreign_objects")[0].GetString());
        using var h = JsonDocument.Parse(history.Out);
        var foreign = h.RootElement.EnumerateArray().First(e => e.GetProperty("key").GetString()!.EndsWith("notes.txt", StringComparison.Ordinal));
        Assert.Equal("", foreign.GetProperty("run_id").GetString());
        Assert.Contains("not_a_manifest_key", foreign.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("not_a_manifest_key", table.Out);
        Assert.DoesNotContain(" notes.txt  ", table.Out.Split('\n').First(l => l.Contains("not_a_manifest_key", StringComparison.Ordinal))[..60]);
        Assert.Contains(_world.Logs.Named("manifest_key_foreign"), e => e.Message.Contains("notes.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_date_before_a_sources_start_date_is_a_usage_error_for_run_and_plan_and_nothing_is_written()
    {
        var run = await _world.CliAsync("run", "--date", "2025-12-31");
        var range = await _world.CliAsync("run", "--from", "2025-12-30", "--to", "2026-01-02");
        var plan = await _world.CliAsync("plan", "--date", "2025-12-31");

        foreach (var outcome in new[] { run, range, plan })
        {
            Assert.Equal(2, outcome.ExitCode);
            Assert.Contains("before the start_date", outcome.Error);
            Assert.Contains("'alpha' (2026-01-01)", outcome.Error);
        }
        Assert.Empty(await _world.SnapshotAsync());
    }

    [Fact]
    public async Task A_start_date_in_the_future_says_nothing_is_due_before_it_in_plan_run_and_status_alike()
    {
        File.WriteAllText(_world.ConfigPath, File.ReadAllText(_world.ConfigPath).Replace("start_date: 2026-01-01", "start_date: 2026-03-01",
            StringComparison.Ordinal));

        var plan = await _world.CliAsync("plan");
        var run = await _world.CliAsync("run");
        var status = await _world.CliAsync("status", "--json");

        Assert.Contains("Nothing to do: nothing to do before 2026-03-01, the start_date of source 'alpha'", plan.Out);
        Assert.Contains("nothing to do before 2026-03-01", run.Out);
        Assert.DoesNotContain("complete through", plan.Out);
        using var s = JsonDocument.Parse(status.Out);
        Assert.Equal(JsonValueKind.Null, s.RootElement.GetProperty("complete_through").ValueKind);
        Assert.Equal("2026-03-01", s.RootElement.GetProperty("sources")[0].GetProperty("next_date").GetString());
        Assert.Empty(await _world.SnapshotAsync());
    }

    [Theory]
    [InlineData("2026-01-11")]
    [InlineData("2026-02-01")]
    public async Task Plan_refuses_a_date_that_is_not_over_exactly_as_run_does(string date)
    {
        var plan = await _world.CliAsync("plan", "--date", date);
        var run = await _world.CliAsync("run", "--date", date);

        Assert.Equal(2, plan.ExitCode);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(run.Error, plan.Error);
    }

    [Theory]
    [InlineData("verify")]
    [InlineData("report")]
    [InlineData("run")]
    public async Task A_reversed_range_is_a_usage_error_for_every_command_that_takes_one(string command)
    {
        string[] args = command == "report"
            ? ["report", "--out", Path.Combine(_world.Folder, "r.html"), "--from", "2026-01-05", "--to", "2026-01-01"]
            : [command, "--from", "2026-01-05", "--to", "2026-01-01"];

        var outcome = await _world.CliAsync(args);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--from 2026-01-05 is after --to 2026-01-01", outcome.Error);
    }

    [Fact]
    public async Task History_lists_every_source_newest_first_keeps_removed_sources_and_takes_a_limit()
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(3));
        Assert.Equal(0, (await _world.CliAsync("run", "--from", "2026-01-01", "--to", "2026-01-03")).ExitCode);
        // beta leaves the config; its manifests stay in the lake.
        var yaml = File.ReadAllText(_world.ConfigPath);
        File.WriteAllText(_world.ConfigPath, yaml[..yaml.IndexOf("  - name: beta", StringComparison.Ordinal)]);

        var all = await _world.CliAsync("history", "--json");
        var removed = await _world.CliAsync("history", "--source", "beta", "--json");
        var limited = await _world.CliAsync("history", "--limit", "3", "--json");
        var unknown = await _world.CliAsync("history", "--source", "gamma");

        using var a = JsonDocument.Parse(all.Out);
        var rows = a.RootElement.EnumerateArray().Select(e => (e.GetProperty("ingest_date").GetString(), e.GetProperty("source").GetString())).ToList();
        Assert.Equal(6, rows.Count);
        Assert.Equal(("2026-01-03", "alpha"), rows[0]);
        Assert.Equal(("2026-01-03", "beta"), rows[1]);
        Assert.Equal(("2026-01-01", "beta"), rows[^1]);
        using var r = JsonDocument.Parse(removed.Out);
        Assert.Equal(3, r.RootElement.GetArrayLength());
        using var l = JsonDocument.Parse(limited.Out);
        Assert.Equal(3, l.RootElement.GetArrayLength());
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("neither in", unknown.Error);
    }

    [Fact]
    public async Task History_cuts_long_errors_in_the_table_but_keeps_them_whole_in_json()
    {
        _world.Drop("alpha", TestWorld.D(2), "part-1.csv");
        await _world.CliAsync("run", "--date", "2026-01-02");

        var table = await _world.CliAsync("history", "--source", "beta");
        var json = await _world.CliAsync("history", "--source", "beta", "--json");

        var line = table.Out.Split('\n').First(l => l.Contains("no_files_yet", StringComparison.Ordinal));
        Assert.Contains("…", line);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Contains("allow_empty: true on the entity", doc.RootElement[0].GetProperty("errors")[0].GetProperty("message").GetString());
    }
}
