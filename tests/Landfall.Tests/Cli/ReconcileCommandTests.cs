using System.Text.Json;
using Landfall.Cli;
using Landfall.Cli.Output;
using Landfall.Lake.Local;
using Landfall.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Landfall.Tests.Cli;

/// <summary><c>landfall reconcile</c>: options, exit codes (0 no drift, 1 drift, 2 usage), the table and the JSON.</summary>
public sealed class ReconcileCommandTests : IDisposable
{
    private readonly string _lakeRoot = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
    private TestWorld? _world;

    /// <summary>Sources alpha and beta, today 2026-01-11 UTC, lag 1: the last complete date is 2026-01-10.</summary>
    private TestWorld World => _world ??= new TestWorld(new LocalFolderLake(_lakeRoot), $"lake:\n  kind: local\n  path: {_lakeRoot}\n");

    public void Dispose()
    {
        _world?.Dispose();
        Directory.Delete(_lakeRoot, recursive: true);
    }

    private async Task IngestAsync(int first, int last)
    {
        World.DropAll(TestWorld.D(first), TestWorld.D(last));
        var outcome = await World.CliAsync("run", "--from", $"2026-01-{first:00}", "--to", $"2026-01-{last:00}");
        Assert.True(outcome.ExitCode == 0, outcome.Out + outcome.Error);
    }

    private static void AssertUsageError(CliOutcome outcome, params string[] fragments)
    {
        Assert.True(outcome.ExitCode == 2, $"exit {outcome.ExitCode}; stdout: {outcome.Out}; stderr: {outcome.Error}");
        Assert.Equal("", outcome.Out);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, outcome.Error);
        }
    }

    [Fact]
    public async Task Help_lists_the_options_examples_and_exit_codes()
    {
        var output = new StringWriter();
        var console = new CliConsole(output, new StringWriter(), new FakeTimeProvider(), new CapturingLoggerProvider());

        var code = await CliApp.InvokeAsync(["reconcile", "--help"], console);

        Assert.Equal(0, code);
        foreach (var expected in new[] { "--source", "--from", "--to", "--lookback", "--apply", "--json", "Examples:", "Exit codes:",
                     "samples/quickstart/landfall.yaml", "drift found" })
        {
            Assert.Contains(expected, output.ToString());
        }
    }

    [Theory]
    [InlineData(new[] { "--lookback", "3", "--from", "2026-01-01", "--to", "2026-01-02" }, "--lookback and --from/--to are alternatives")]
    [InlineData(new[] { "--from", "2026-01-01" }, "--from and --to go together")]
    [InlineData(new[] { "--from", "2026-01-05", "--to", "2026-01-01" }, "is after --to")]
    [InlineData(new[] { "--from", "2026-01-01", "--to", "2026-01-11" }, "after the last complete business date 2026-01-10")]
    [InlineData(new[] { "--lookback", "0" }, "--lookback 0 is out of range")]
    [InlineData(new[] { "--from", "2026-02-30", "--to", "2026-03-01" }, "'2026-02-30' is not a date")]
    [InlineData(new[] { "--source", "gamma" }, "--source 'gamma' is not in")]
    public async Task Bad_options_exit_2_and_write_nothing(string[] options, string message)
    {
        AssertUsageError(await World.CliAsync(["reconcile", .. options]), message);
        Assert.Empty(await World.SnapshotAsync());
    }

    [Fact]
    public async Task Without_drift_it_prints_the_table_and_exits_0()
    {
        await IngestAsync(9, 10);

        var outcome = await World.CliAsync("reconcile");

        Assert.True(outcome.ExitCode == 0, outcome.Out + outcome.Error);
        Assert.Contains("SOURCE  DATE        RESULT", outcome.Out);
        Assert.Contains("4 date(s) compared: 0 drift, 4 no drift, 0 not comparable, 0 failed.", outcome.Out);
    }

    [Fact]
    public async Task Drift_exits_1_with_the_evidence_and_apply_reingests_and_history_marks_the_run()
    {
        await IngestAsync(9, 10);
        World.Drop("beta", TestWorld.D(9), "part-2.csv");

        var found = await World.CliAsync("reconcile", "--lookback", "2");

        Assert.True(found.ExitCode == 1, found.Out + found.Error);
        Assert.Contains("beta    2026-01-09  drift     1 added, 0 changed, 0 removed", found.Out);
        Assert.Contains("beta 2026-01-09 items: added ", found.Out);
        Assert.Contains("--apply re-ingests the dates that drifted.", found.Out);

        var applied = await World.CliAsync("reconcile", "--lookback", "2", "--apply", "--source", "beta");

        Assert.Equal(1, applied.ExitCode);
        Assert.Contains("1 re-ingested.", applied.Out);
        var history = await World.CliAsync("history", "--source", "beta", "--date", "2026-01-09");
        Assert.Contains("REASON", history.Out);
        Assert.Contains("success  reconcile", history.Out);
        var after = await World.CliAsync("reconcile", "--lookback", "2");
        Assert.Equal(0, after.ExitCode);
    }

    [Fact]
    public async Task Json_gives_the_windows_the_results_with_their_changes_and_the_reingest()
    {
        await IngestAsync(10, 10);
        World.Drop("alpha", TestWorld.D(10), "part-2.csv");

        var outcome = await World.CliAsync("reconcile", "--from", "2026-01-10", "--to", "2026-01-10", "--source", "alpha", "--apply", "--json");

        Assert.Equal(1, outcome.ExitCode);
        using var doc = JsonDocument.Parse(outcome.Out);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("applied").GetBoolean());
        Assert.True(root.GetProperty("any_drift").GetBoolean());
        var window = Assert.Single(root.GetProperty("windows").EnumerateArray());
        Assert.Equal("2026-01-10", window.GetProperty("from").GetString());
        var result = Assert.Single(root.GetProperty("results").EnumerateArray());
        Assert.Equal("drift", result.GetProperty("status").GetString());
        Assert.Equal("2026-01-10", result.GetProperty("ingest_date").GetString());
        var change = Assert.Single(result.GetProperty("changes").EnumerateArray());
        Assert.Equal("added", change.GetProperty("change").GetString());
        Assert.Equal(JsonValueKind.Null, change.GetProperty("before").ValueKind);
        Assert.True(change.GetProperty("after").GetProperty("bytes").GetInt64() > 0);
        var reingest = result.GetProperty("reingest");
        Assert.Equal("success", reingest.GetProperty("status").GetString());
        Assert.Equal("reconcile", reingest.GetProperty("reingest_reason").GetString());
        Assert.Equal(result.GetProperty("run_id").GetString(), reingest.GetProperty("supersedes").GetString());
    }

    [Fact]
    public async Task The_help_example_on_the_quickstart_works()
    {
        var sample = Path.Combine(World.Folder, "quickstart");
        Directory.CreateDirectory(sample);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "samples", "quickstart"), "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}lake{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var target = Path.Combine(sample, Path.GetRelativePath(Path.Combine(RepoPaths.Root, "samples", "quickstart"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var config = Path.Combine(sample, "landfall.yaml");
        var console = new CliConsole(new StringWriter(), new StringWriter(), World.Clock, World.Logs);
        Assert.Equal(0, await CliApp.InvokeAsync(["run", "-c", config, "--from", "2026-01-01", "--to", "2026-01-05"], console));
        var output = new StringWriter();

        var code = await CliApp.InvokeAsync(["reconcile", "-c", config, "--from", "2026-01-01", "--to", "2026-01-05"],
            new CliConsole(output, new StringWriter(), World.Clock, World.Logs));

        Assert.Equal(0, code);
        Assert.Contains("10 date(s) compared: 0 drift, 10 no drift", output.ToString());
    }
}
