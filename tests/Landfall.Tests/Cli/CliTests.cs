using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Landfall.Cli;
using Landfall.Cli.Output;
using Landfall.Lake.Local;
using Landfall.Layout;
using Landfall.Manifests;
using Landfall.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Landfall.Tests.Cli;

/// <summary>The landfall command line: help, usage errors (exit 2), JSON output and JSON logs.</summary>
public sealed class CliTests : IDisposable
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

    /// <summary>Runs the CLI in-process with exactly these arguments (no --config added).</summary>
    private static async Task<CliOutcome> InvokeAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, new FakeTimeProvider(new DateTimeOffset(2026, 1, 11, 6, 0, 0, TimeSpan.Zero)),
            new CapturingLoggerProvider());
        var code = await CliApp.InvokeAsync(args, console);
        return new CliOutcome(code, output.ToString(), error.ToString());
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

    private async Task AssertNothingWrittenAsync() => Assert.Empty(await World.SnapshotAsync());

    // ---- help and version ----

    [Theory]
    [InlineData("", "--config --json --log-format --log-level run status history plan")]
    [InlineData("run", "--date --from --to --catch-up --force --source --config --json")]
    [InlineData("status", "--source --config --json")]
    [InlineData("history", "--source --date --config --json")]
    [InlineData("plan", "--date --source --config --json")]
    public async Task Help_exits_0_with_examples_and_the_commands_options(string command, string expected)
    {
        string[] args = command.Length == 0 ? ["--help"] : [command, "--help"];

        var outcome = await InvokeAsync(args);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Examples:", outcome.Out);
        foreach (var option in expected.Split(' '))
        {
            Assert.Contains(option, outcome.Out);
        }
        Assert.Equal("", outcome.Error);
    }

    [Fact]
    public async Task Root_help_lists_the_exit_codes()
    {
        var outcome = await InvokeAsync("--help");
        Assert.Contains("Exit codes:", outcome.Out);
        Assert.Contains("130", outcome.Out);
    }

    [Theory]
    [InlineData("")]
    [InlineData("run")]
    [InlineData("status")]
    [InlineData("history")]
    [InlineData("plan")]
    [InlineData("check")]
    [InlineData("verify")]
    [InlineData("reconcile")]
    [InlineData("current")]
    [InlineData("export")]
    [InlineData("report")]
    [InlineData("index")]
    [InlineData("validate")]
    [InlineData("init")]
    public async Task Every_exit_code_in_help_is_on_a_line_of_its_own(string command)
    {
        string[] args = command.Length == 0 ? ["--help"] : [command, "--help"];

        var outcome = await InvokeAsync(args);

        var lines = outcome.Out[(outcome.Out.IndexOf("Exit codes:", StringComparison.Ordinal) + "Exit codes:".Length)..]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.All(lines, line => Assert.Matches(@"^\d+ {2,}\S", line));
        // A code glued to the text of the one before it ("... moved into place  2    usage ...") is the bug this guards.
        Assert.All(lines, line => Assert.DoesNotMatch(@"\S {2,}\d+ {2,}\S", line));
        var codes = lines.Select(l => int.Parse(l.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Contains(0, codes);
        Assert.Contains(2, codes);
    }

    [Fact]
    public async Task Version_prints_the_landfall_version()
    {
        var outcome = await RunProcessAsync(Path.GetTempPath(), "--version");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(LandfallVersion.Current, outcome.Out.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", outcome.Out.Trim());
    }

    // ---- usage errors ----

    [Fact]
    public async Task An_unknown_option_exits_2()
    {
        var outcome = await World.CliAsync("run", "--bogus");
        AssertUsageError(outcome, "--bogus", "--help");
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task An_unknown_command_exits_2()
    {
        AssertUsageError(await InvokeAsync("ingest"), "ingest");
    }

    [Fact]
    public async Task An_invalid_log_format_exits_2()
    {
        AssertUsageError(await World.CliAsync("status", "--log-format", "xml"), "xml");
    }

    [Fact]
    public async Task Run_with_an_invalid_date_exits_2_naming_the_value()
    {
        AssertUsageError(await World.CliAsync("run", "--date", "2026-13-01"), "2026-13-01", "--date");
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Run_with_an_invalid_from_date_exits_2_naming_the_value()
    {
        AssertUsageError(await World.CliAsync("run", "--from", "yesterday", "--to", "2026-01-02"), "yesterday", "--from");
    }

    [Fact]
    public async Task Run_with_date_and_catch_up_exits_2()
    {
        World.DropAll(TestWorld.D(2), TestWorld.D(2));
        AssertUsageError(await World.CliAsync("run", "--date", "2026-01-02", "--catch-up"), "--catch-up");
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Run_with_from_but_no_to_exits_2()
    {
        AssertUsageError(await World.CliAsync("run", "--from", "2026-01-02"), "--to");
    }

    [Fact]
    public async Task Run_with_from_after_to_exits_2()
    {
        AssertUsageError(await World.CliAsync("run", "--from", "2026-01-05", "--to", "2026-01-02"), "2026-01-05", "2026-01-02");
    }

    [Fact]
    public async Task Run_force_without_a_date_exits_2()
    {
        World.DropAll(TestWorld.D(1), TestWorld.D(1));
        AssertUsageError(await World.CliAsync("run", "--force"), "--force", "--date");
        await AssertNothingWrittenAsync();
    }

    [Theory]
    [InlineData("2026-01-11")]
    [InlineData("2027-01-01")]
    public async Task Run_for_a_date_after_the_last_complete_date_exits_2(string date)
    {
        World.DropAll(TestWorld.D(1), TestWorld.D(11));
        AssertUsageError(await World.CliAsync("run", "--date", date), date, "2026-01-10");
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Run_to_a_date_after_the_last_complete_date_exits_2()
    {
        AssertUsageError(await World.CliAsync("run", "--from", "2026-01-09", "--to", "2026-01-11"), "2026-01-11", "2026-01-10");
    }

    [Fact]
    public async Task History_without_source_lists_every_source()
    {
        var outcome = await World.CliAsync("history");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("No manifest", outcome.Out);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("status")]
    [InlineData("plan")]
    [InlineData("history")]
    public async Task An_unknown_source_exits_2_listing_the_configured_sources(string command)
    {
        AssertUsageError(await World.CliAsync(command, "--source", "nope"), "'nope'", "alpha, beta");
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task A_missing_config_file_exits_2_saying_how_to_pass_one()
    {
        var path = Path.Combine(World.Folder, "missing", "landfall.yaml");
        var outcome = await InvokeAsync("status", "--config", path);
        AssertUsageError(outcome, path, "--config", "LANDFALL_CONFIG");
    }

    // ---- JSON output ----

    [Fact]
    public async Task Status_json_parses_and_has_complete_through()
    {
        World.DropAll(TestWorld.D(1), TestWorld.D(2));
        Assert.Equal(0, (await World.CliAsync("run", "--from", "2026-01-01", "--to", "2026-01-02")).ExitCode);

        var outcome = await World.CliAsync("status", "--json");

        Assert.Equal(0, outcome.ExitCode);
        using var doc = JsonDocument.Parse(outcome.Out);
        Assert.Equal("2026-01-02", doc.RootElement.GetProperty("complete_through").GetString());
        Assert.Equal("2026-01-10", doc.RootElement.GetProperty("last_complete_date").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("sources").GetArrayLength());
    }

    [Fact]
    public async Task Status_json_of_an_empty_lake_has_a_null_complete_through()
    {
        var outcome = await World.CliAsync("status", "--json");

        Assert.Equal(0, outcome.ExitCode);
        using var doc = JsonDocument.Parse(outcome.Out);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("complete_through").ValueKind);
    }

    [Fact]
    public async Task Run_json_rows_have_source_env_ingest_date_run_id_status_and_reason()
    {
        World.DropAll(TestWorld.D(1), TestWorld.D(1));
        Assert.Equal(0, (await World.CliAsync("run", "--date", "2026-01-01")).ExitCode);
        World.Drop("alpha", TestWorld.D(2));

        var outcome = await World.CliAsync("run", "--from", "2026-01-01", "--to", "2026-01-02", "--json");

        Assert.Equal(1, outcome.ExitCode); // beta has no file for 2026-01-02
        using var doc = JsonDocument.Parse(outcome.Out);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(4, rows.Count);
        foreach (var row in rows)
        {
            foreach (var name in new[] { "source", "env", "ingest_date", "run_id", "status", "reason" })
            {
                Assert.True(row.TryGetProperty(name, out _), $"row has no {name}: {row}");
            }
            Assert.Equal("test", row.GetProperty("env").GetString());
        }
        string Row(string source, string date, string field) =>
            rows.Single(r => r.GetProperty("source").GetString() == source && r.GetProperty("ingest_date").GetString() == date)
                .GetProperty(field).ToString();
        Assert.Equal("skipped", Row("alpha", "2026-01-01", "status"));
        Assert.Equal("latest_manifest_success", Row("alpha", "2026-01-01", "reason"));
        Assert.Equal("success", Row("alpha", "2026-01-02", "status"));
        Assert.Equal("failed", Row("beta", "2026-01-02", "status"));
        Assert.Equal("late", Row("beta", "2026-01-02", "reason"));
    }

    [Fact]
    public async Task History_lists_a_seed_manifest_whose_started_at_is_null()
    {
        var key = ManifestKeys.Key("alpha", TestWorld.D(1), "seed-run-1");
        var body = """{"source": "alpha", "env": "dev", "run_id": "seed-run-1", "ingest_date": "2026-01-01", "status": "failed", "started_at": null, "ended_at": null, "errors": ["boom"], "outputs": {}}""";
        await World.Lake.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(body)), ManifestFormat.ContentType, CancellationToken.None);

        var outcome = await World.CliAsync("history", "--source", "alpha", "--json");

        Assert.Equal(0, outcome.ExitCode);
        using var doc = JsonDocument.Parse(outcome.Out);
        var entry = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("seed-run-1", entry.GetProperty("run_id").GetString());
        Assert.Equal("failed", entry.GetProperty("status").GetString());
    }

    // ---- the real process: JSON logs on stderr, the result alone on stdout ----

    [Fact]
    public async Task Log_format_json_writes_json_lines_to_stderr_and_only_the_result_to_stdout()
    {
        var folder = World.Folder;
        var config = Path.Combine(folder, "process.yaml");
        Directory.CreateDirectory(Path.Combine(folder, "pdrop", "2020-01-02"));
        await File.WriteAllTextAsync(Path.Combine(folder, "pdrop", "2020-01-02", "a.csv"), "id\n1\n");
        await File.WriteAllTextAsync(config, """
            env: proc
            lake:
              kind: local
              path: plake
            sources:
              - name: gamma
                kind: files
                start_date: 2020-01-01
                entities:
                  - name: items
                    directory: pdrop/{date}
            """);

        var outcome = await RunProcessAsync(folder, "run", "--date", "2020-01-02", "--json", "--log-format", "json", "--config", config);

        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}; stderr: {outcome.Error}");
        using (var result = JsonDocument.Parse(outcome.Out))
        {
            var row = Assert.Single(result.RootElement.EnumerateArray());
            Assert.Equal("success", row.GetProperty("status").GetString());
        }
        var lines = outcome.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        var messages = new List<string>();
        foreach (var line in lines)
        {
            using var log = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, log.RootElement.ValueKind);
            Assert.True(log.RootElement.TryGetProperty("level", out _), line);
            messages.Add(log.RootElement.GetProperty("message").GetString()!);
        }
        Assert.Contains(messages, m => m.StartsWith("ingest_started:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("ingest_completed:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Text_logs_go_to_stderr_and_a_usage_error_exits_2_in_the_real_process()
    {
        var outcome = await RunProcessAsync(Path.GetTempPath(), "run", "--date", "2026-13-01", "--config", World.ConfigPath);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("", outcome.Out);
        Assert.Contains("2026-13-01", outcome.Error);
    }

    /// <summary>Runs the built landfall.dll of this configuration as a child process.</summary>
    private static async Task<CliOutcome> RunProcessAsync(string workingDirectory, params string[] args)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var repo = testBin;
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "Landfall.slnx")))
        {
            repo = repo.Parent;
        }
        Assert.NotNull(repo);
        var dll = Path.Combine(repo.FullName, "src", "Landfall.Cli", "bin", configuration, testBin.Name, "landfall.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

        var start = new ProcessStartInfo(host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("LANDFALL_CONFIG");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new CliOutcome(process.ExitCode, await stdout, await stderr);
    }
}
