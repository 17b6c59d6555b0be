using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Landfall.Cli;
using Landfall.Cli.Output;
using Landfall.Lake.Local;
using Landfall.Progress;
using Landfall.Runs;
using Landfall.Testing;

namespace Landfall.Tests.Cli;

/// <summary>
/// Live progress of <c>landfall run</c>: counted by the runner per entity, drawn on stderr in a terminal, and never in a
/// pipe, with --json or with JSON logs.
/// </summary>
public sealed class ProgressTests : IDisposable
{
    private const string Escape = "\u001b[";
    private readonly string _lakeRoot = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
    private readonly TestWorld _world;

    public ProgressTests() => _world = new TestWorld(new LocalFolderLake(_lakeRoot), $"lake:\n  kind: local\n  path: {_lakeRoot}\n");

    public void Dispose()
    {
        _world.Dispose();
        Directory.Delete(_lakeRoot, recursive: true);
    }

    [Fact]
    public async Task The_runner_counts_each_entitys_objects_and_bytes_against_what_the_source_listed()
    {
        var first = _world.Drop("alpha", TestWorld.D(1), "part-1.csv", new string('a', 1000));
        var second = _world.Drop("alpha", TestWorld.D(1), "part-2.csv", new string('b', 2345));
        _world.Drop("beta", TestWorld.D(1), "part-1.csv", "x");
        var progress = new RunProgress(_world.Clock);

        var results = await _world.Runner().RunDateAsync(TestWorld.D(1), new RunOptions { Progress = progress }, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(RunStatus.Success, r.Status));
        var entities = progress.Snapshot().OrderBy(e => e.Source).ToList();
        Assert.Equal(["alpha", "beta"], entities.Select(e => e.Source));
        var alpha = entities[0];
        Assert.Equal((TestWorld.D(1), "items"), (alpha.IngestDate, alpha.Entity));
        Assert.Equal(EntityProgressState.Succeeded, alpha.State);
        Assert.Equal(2, alpha.Objects);
        Assert.Equal(2, alpha.ObjectsTotal);
        Assert.Equal(new FileInfo(first).Length + new FileInfo(second).Length, alpha.Bytes);
        Assert.Equal(alpha.Bytes, alpha.BytesTotal);
        Assert.Equal(results.Single(r => r.Source == "alpha").Bytes, alpha.Bytes);
        Assert.Equal((1, 1L), (entities[1].Objects, entities[1].Bytes));
    }

    [Fact]
    public async Task A_failed_entity_ends_failed_in_the_progress()
    {
        _world.Drop("alpha", TestWorld.D(1));
        // beta's only file is a link to nothing: its entity fails before it extracts anything.
        var dangling = _world.Drop("beta", TestWorld.D(1));
        File.Delete(dangling);
        File.CreateSymbolicLink(dangling, Path.Combine(_world.Folder, "nowhere.csv"));
        var progress = new RunProgress(_world.Clock);

        await _world.Runner().RunDateAsync(TestWorld.D(1), new RunOptions { Progress = progress }, CancellationToken.None);

        var beta = progress.Snapshot().Single(e => e.Source == "beta");
        Assert.Equal(EntityProgressState.Failed, beta.State);
        Assert.Equal(0, beta.Objects);
        Assert.Equal(EntityProgressState.Succeeded, progress.Snapshot().Single(e => e.Source == "alpha").State);
    }

    [Fact]
    public async Task In_a_terminal_run_draws_progress_on_stderr_and_a_summary_table_on_stdout()
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(2));

        var outcome = await CliAsync(terminal: true, "run", "--from", "2026-01-01", "--to", "2026-01-02");

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains(Escape, outcome.Error);
        Assert.Contains("2026-01-02", outcome.Error);
        Assert.Contains("alpha.items 1/1 objects", outcome.Error);
        Assert.Contains("100%", outcome.Error);
        // The summary: a drawn table with every result, then the plain totals line.
        Assert.Contains("╭", outcome.Out);
        Assert.Contains("run_id", outcome.Out);
        // One row per result, each with its whole run id (never wrapped).
        var runIds = System.Text.RegularExpressions.Regex.Matches(outcome.Out, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        Assert.Equal(4, runIds.Select(m => m.Value).Distinct().Count());
        Assert.Contains("2 date(s): 4 ingested, 0 skipped, 0 failed", outcome.Out);
    }

    [Theory]
    [InlineData(false, new string[0])]
    [InlineData(true, new[] { "--json" })]
    [InlineData(true, new[] { "--log-format", "json" })]
    [InlineData(true, new[] { "--progress", "never" })]
    public async Task Without_a_terminal_or_with_json_or_never_there_is_no_progress_and_no_escape_codes(bool terminal, string[] extra)
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(1));

        var outcome = await CliAsync(terminal, ["run", "--date", "2026-01-01", .. extra]);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.DoesNotContain(Escape, outcome.Out + outcome.Error);
        Assert.DoesNotContain("1/1 objects", outcome.Out + outcome.Error);
        if (extra.Contains("--json"))
        {
            using var doc = JsonDocument.Parse(outcome.Out);
            Assert.Equal(2, doc.RootElement.GetArrayLength());
        }
        else
        {
            Assert.StartsWith("DATE", outcome.Out);
        }
    }

    [Fact]
    public async Task Progress_always_draws_even_into_a_pipe_but_not_into_stdout()
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(1));

        var outcome = await CliAsync(terminal: false, "run", "--date", "2026-01-01", "--progress", "always");

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("beta.items 1/1 objects", outcome.Error);
        // stdout is a pipe here: the plain table, never the drawn one.
        Assert.StartsWith("DATE", outcome.Out);
        Assert.DoesNotContain("\u001b[", outcome.Out);
    }

    [Fact]
    public async Task Progress_always_with_json_logs_is_a_usage_error()
    {
        var outcome = await CliAsync(terminal: true, "run", "--progress", "always", "--log-format", "json");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--progress always cannot be combined with --log-format json", outcome.Error);
        Assert.Empty(await _world.SnapshotAsync());
    }

    [Fact]
    public async Task A_real_terminal_shows_the_live_view_and_a_pipe_does_not()
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(2));
        var dll = Path.Combine(AppContext.BaseDirectory, "landfall.dll");
        var command = $"stty cols 160; dotnet '{dll}' run --config '{_world.ConfigPath}' --from 2026-01-01 --to 2026-01-01";

        // util-linux `script` gives the child a pseudo-terminal, as a person's shell would.
        var tty = await RunAsync("script", ["-qec", command, "/dev/null"]);
        Assert.True(tty.Code == 0, tty.Output);
        Assert.Contains(Escape, tty.Output);
        Assert.Contains("alpha.items 1/1 objects", tty.Output);
        Assert.Contains("╭", tty.Output);

        var piped = await RunAsync("dotnet", [dll, "run", "--config", _world.ConfigPath, "--from", "2026-01-02", "--to", "2026-01-02"]);
        Assert.True(piped.Code == 0, piped.Output);
        Assert.DoesNotContain(Escape, piped.Output);
        Assert.Contains("1 date(s): 2 ingested", piped.Output);
    }

    private async Task<CliOutcome> CliAsync(bool terminal, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, _world.Clock, _world.Logs) { IsTerminal = terminal, OutIsTerminal = terminal };
        var code = await CliApp.InvokeAsync([.. args, "--config", _world.ConfigPath], console);
        return new CliOutcome(code, output.ToString(), error.ToString());
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["TERM"] = "xterm-256color";
        info.Environment.Remove("LANDFALL_CONFIG");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
