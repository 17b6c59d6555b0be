using System.Text.Json;
using Landfall.Cli;
using Landfall.Cli.Output;
using Landfall.Lake.Local;
using Landfall.Layout;
using Landfall.Reports;
using Landfall.Runs;
using Landfall.Testing;

namespace Landfall.Tests.Hardening;

/// <summary>
/// Issue 18: what reaches a person's terminal and a log shipper. Control characters from file names and manifests are escaped in
/// every human-readable output (JSON stays exact); drawn output never goes to a stdout that is not a terminal; JSON logs have one
/// key convention and carry the event name; --help teaches each command's own exit codes.
/// </summary>
public sealed class OutputHardeningTests : IDisposable
{
    private const string Evil = "evil\u001b]0;OWNED\u0007\u001b[2Jx\n.csv";
    private readonly string _lakeRoot = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
    private readonly TestWorld _world;

    public OutputHardeningTests() => _world = new TestWorld(new LocalFolderLake(_lakeRoot), $"lake:\n  kind: local\n  path: {_lakeRoot}\n");

    public void Dispose()
    {
        _world.Dispose();
        Directory.Delete(_lakeRoot, recursive: true);
    }

    /// <summary>The real CLI in-process with its own loggers (not the test's), as in a terminal or a pipe.</summary>
    private async Task<CliOutcome> CliAsync(bool terminal, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, _world.Clock) { IsTerminal = terminal, OutIsTerminal = terminal };
        var code = await CliApp.InvokeAsync([.. args, "--config", _world.ConfigPath], console);
        return new CliOutcome(code, output.ToString(), error.ToString());
    }

    private static void AssertNoControlCharacters(string text)
    {
        foreach (var c in text.Where(c => c != '\n' && c != '\r'))
        {
            Assert.False(char.IsControl(c), $"control character U+{(int)c:X4} reached the terminal in: {text}");
        }
    }

    [Fact]
    public async Task Control_characters_from_a_file_name_never_reach_the_terminal_in_tables_or_text_logs()
    {
        // A dangling link named with ESC, BEL and a newline: the failure names the file, in the table, the error lines and the log.
        var folder = Path.GetDirectoryName(_world.Drop("alpha", TestWorld.D(1)))!;
        File.CreateSymbolicLink(Path.Combine(folder, Evil), "/nonexistent");
        _world.Drop("beta", TestWorld.D(1));

        var run = await CliAsync(false, "run", "--date", "2026-01-01", "--log-level", "information");
        var history = await CliAsync(false, "history", "--source", "alpha");
        var json = await CliAsync(false, "run", "--date", "2026-01-01", "--json");

        Assert.Equal(1, run.ExitCode);
        AssertNoControlCharacters(run.Out);
        AssertNoControlCharacters(run.Error);
        AssertNoControlCharacters(history.Out);
        Assert.Contains("evil\\u001b]0;OWNED\\u0007\\u001b[2Jx\\n.csv", run.Out);
        Assert.Contains("\\u001b", run.Error);
        // JSON output stays exact JSON: the name decodes back to what it was.
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Contains(Evil, doc.RootElement.EnumerateArray().First(r => r.GetProperty("source").GetString() == "alpha")
            .GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Progress_always_into_a_pipe_never_puts_the_drawn_table_on_stdout()
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(1));

        var outcome = await CliAsync(false, "run", "--date", "2026-01-01", "--progress", "always");

        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("DATE", outcome.Out);
        Assert.DoesNotContain("\u001b[", outcome.Out);
        Assert.DoesNotContain("╭", outcome.Out);
        Assert.Contains("alpha.items", outcome.Error); // the live view goes where it was asked for: stderr
    }

    [Fact]
    public async Task Json_logs_are_one_object_per_line_with_snake_case_keys_the_event_name_and_the_scope_as_fields()
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(1));

        var outcome = await CliAsync(false, "run", "--date", "2026-01-01", "--json", "--log-format", "json");

        Assert.Equal(0, outcome.ExitCode);
        var lines = outcome.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var log = JsonDocument.Parse(line);
            var keys = log.RootElement.EnumerateObject().Select(p => p.Name).ToList();
            Assert.All(keys, k => Assert.Matches("^[a-z][a-z0-9_]*$", k));
            Assert.Contains("event", keys);
            Assert.Contains("level", keys);
            Assert.DoesNotContain("System.Collections", line);
        }
        var started = lines.Select(l => JsonDocument.Parse(l).RootElement).First(e => e.GetProperty("event").GetString() == "ingest_started");
        Assert.Equal("2026-01-01", started.GetProperty("ingest_date").GetString());
        Assert.True(started.TryGetProperty("run_id", out _));
        Assert.True(started.TryGetProperty("source", out _));
    }

    [Fact]
    public async Task A_config_error_is_a_json_line_too_with_json_logs()
    {
        File.AppendAllText(_world.ConfigPath, "bogus: 1\n");

        var outcome = await CliAsync(false, "status", "--log-format", "json");

        Assert.Equal(2, outcome.ExitCode);
        using var log = JsonDocument.Parse(outcome.Error.Trim());
        Assert.Equal("config_error", log.RootElement.GetProperty("event").GetString());
        Assert.Equal("bogus", log.RootElement.GetProperty("path").GetString());
        Assert.Contains("unknown key 'bogus'", log.RootElement.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("run", "1    a run failed")]
    [InlineData("verify", "1    something does not match")]
    [InlineData("check", "1    a source has an error")]
    [InlineData("plan", "0    done")]
    [InlineData("validate", "2    the config has an error")]
    public async Task Each_command_lists_its_own_exit_codes_and_date_placeholders_read_yyyy_mm_dd(string command, string code)
    {
        var outcome = await CliAsync(false, command, "--help");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Exit codes:", outcome.Out);
        Assert.Contains(code, outcome.Out);
        if (command is "run" or "verify" or "plan")
        {
            Assert.Contains("--date <YYYY-MM-DD>", outcome.Out);
        }
    }

    [Fact]
    public async Task Help_examples_work_on_the_quickstart()
    {
        var quickstart = File.ReadAllText(RepoPaths.Docs("..", "samples", "quickstart", "landfall.yaml"));
        foreach (var command in new[] { "run", "history", "check", "report" })
        {
            var help = (await CliAsync(false, command, "--help")).Out;
            var examples = help.Split('\n').Where(l => l.TrimStart().StartsWith("landfall ", StringComparison.Ordinal));
            foreach (var source in examples.SelectMany(l => System.Text.RegularExpressions.Regex.Matches(l, @"--source (\S+)")).Select(m => m.Groups[1].Value))
            {
                Assert.Contains($"name: {source}", quickstart);
            }
        }
    }

    [Fact]
    public async Task An_unknown_command_suggests_the_nearest_one()
    {
        var outcome = await CliAsync(false, "stauts");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("Did you mean 'landfall status'?", outcome.Error);
    }

    [Fact]
    public async Task A_run_interrupted_before_its_claim_says_that_nothing_was_written()
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(1));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var result = Assert.Single(await _world.Runner().RunDateAsync(TestWorld.D(1), new RunOptions { Sources = ["alpha"] }, cancelled.Token));

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("cancelled", result.Reason);
        Assert.Null(result.ManifestKey);
        Assert.Contains("nothing was written, no manifest records this run", result.Errors[0].Message);
        Assert.Empty(await _world.SnapshotAsync());
    }

    [Fact]
    public async Task The_report_starts_at_the_earliest_start_date_and_a_plain_re_ingest_is_not_labelled_forced()
    {
        // alpha's first date never ran: it holds complete_through back and must be in view.
        _world.DropAll(TestWorld.D(2), TestWorld.D(2));
        Assert.Equal(0, (await _world.CliAsync("run", "--date", "2026-01-02")).ExitCode);
        // A newer unreadable manifest makes the next run redo 2026-01-02 without --force.
        var corrupt = Path.Combine(_lakeRoot, ManifestKeys.DatePrefix("alpha", TestWorld.D(2)), "run_id=corrupt.json");
        File.WriteAllText(corrupt, "{\"status\": \"succ");
        File.SetLastWriteTimeUtc(corrupt, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(0, (await _world.CliAsync("run", "--date", "2026-01-02", "--source", "alpha")).ExitCode);
        File.SetLastWriteTimeUtc(corrupt, DateTime.UtcNow.AddMinutes(-10));

        var report = await _world.Host().ReportAsync(new ReportRequest(), CancellationToken.None);

        Assert.Equal(TestWorld.D(1), report.From);
        var alpha = report.Sources.Single(s => s.Name == "alpha");
        Assert.Equal(AuditCellStatus.NeverIngested, alpha.Cells.Single(c => c.Date == TestWorld.D(1)).Status);
        Assert.Equal(AuditCellStatus.Success, alpha.Cells.Single(c => c.Date == TestWorld.D(2)).Status);
    }
}
