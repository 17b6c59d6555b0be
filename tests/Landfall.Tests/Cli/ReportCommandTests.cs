using System.Text.Json;
using Landfall.Testing;

namespace Landfall.Tests.Cli;

/// <summary><c>landfall report</c> through the real CLI: the file, the summary, and errors that leave nothing half-written.</summary>
public sealed class ReportCommandTests : IAsyncLifetime
{
    private AuditScenario _scenario = null!;

    private TestWorld World => _scenario.World;

    private string Out => Path.Combine(World.Folder, "reports", "audit.html");

    public async Task InitializeAsync()
    {
        _scenario = await AuditScenario.CreateAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(Out)!);
    }

    public Task DisposeAsync()
    {
        _scenario.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Report_writes_one_html_file_and_says_where_with_the_counts()
    {
        var outcome = await World.CliAsync("report", "--out", Out);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains($"Wrote the audit report to {Out}", outcome.Out);
        Assert.Contains("4 source(s) x 10 date(s) (2026-01-01 to 2026-01-10)", outcome.Out);
        Assert.Contains("1 superseding, 1 reconciled, 1 empty", outcome.Out);
        Assert.Contains("Complete through: 2026-01-02.", outcome.Out);
        var html = await File.ReadAllTextAsync(Out);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.EndsWith("</html>\n", html);
        Assert.Equal([Out], Directory.GetFiles(Path.GetDirectoryName(Out)!));
    }

    [Fact]
    public async Task Report_json_prints_a_summary_object()
    {
        var outcome = await World.CliAsync("report", "--out", Out, "--from", "2026-01-02", "--to", "2026-01-04", "--source", "orders", "--json");

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        using var doc = JsonDocument.Parse(outcome.Out);
        var root = doc.RootElement;
        Assert.Equal(Out, root.GetProperty("out").GetString());
        Assert.Equal(new FileInfo(Out).Length, root.GetProperty("bytes").GetInt64());
        Assert.Equal("2026-01-02", root.GetProperty("from").GetString());
        Assert.Equal("2026-01-04", root.GetProperty("to").GetString());
        Assert.Equal(1, root.GetProperty("sources").GetInt32());
        Assert.Equal(3, root.GetProperty("dates").GetInt32());
        Assert.Equal("2026-01-02", root.GetProperty("complete_through").GetString());
        var cells = root.GetProperty("cells");
        Assert.Equal(1, cells.GetProperty("superseding").GetInt32());
        Assert.Equal(1, cells.GetProperty("failed").GetInt32());
        Assert.Equal(1, cells.GetProperty("corrupt").GetInt32());
        Assert.Equal(0, cells.GetProperty("success").GetInt32());
        // orders 2026-01-02: two manifests; 01-03: one; 01-04: two.
        Assert.Equal(5, root.GetProperty("manifests").GetInt32());
    }

    [Fact]
    public async Task Report_replaces_an_existing_file_whole()
    {
        await File.WriteAllTextAsync(Out, "old report");

        var outcome = await World.CliAsync("report", "--out", Out);

        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("<!DOCTYPE html>", await File.ReadAllTextAsync(Out));
    }

    [Fact]
    public async Task A_missing_folder_is_a_usage_error_naming_the_path()
    {
        var missing = Path.Combine(World.Folder, "no-such-folder", "audit.html");

        var outcome = await World.CliAsync("report", "--out", missing);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(missing, outcome.Error);
        Assert.Contains("does not exist", outcome.Error);
        Assert.Equal("", outcome.Out);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task An_unwritable_folder_is_a_usage_error_naming_the_path()
    {
        // root ignores file modes, so as root use a folder no one can create files in.
        var folder = Environment.UserName == "root" ? "/proc" : Path.Combine(World.Folder, "read-only");
        if (folder != "/proc")
        {
            Directory.CreateDirectory(folder);
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        var target = Path.Combine(folder, "audit.html");

        var outcome = await World.CliAsync("report", "--out", target);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"--out '{target}': cannot write in '{folder}'", outcome.Error);
        Assert.Equal("", outcome.Out);
    }

    [Fact]
    public async Task A_folder_as_out_is_a_usage_error()
    {
        var outcome = await World.CliAsync("report", "--out", World.Folder);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("is a folder", outcome.Error);
    }

    [Fact]
    public async Task A_failure_after_the_file_is_opened_leaves_the_old_report_and_no_temporary_file()
    {
        await File.WriteAllTextAsync(Out, "old report");

        var outcome = await World.CliAsync("report", "--out", Out, "--from", "1990-01-01");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("choose a narrower range", outcome.Error);
        Assert.Equal("old report", await File.ReadAllTextAsync(Out));
        Assert.Equal([Out], Directory.GetFiles(Path.GetDirectoryName(Out)!));
    }

    [Theory]
    [InlineData("--from", "2026-01-05", "--to", "2026-01-04", "is after --to")]
    [InlineData("--from", "2026-02-30", "--to", "2026-03-01", "is not a date")]
    [InlineData("--source", "nope", "--to", "2026-03-01", "--source 'nope' is not in")]
    public async Task Bad_options_are_usage_errors(string o1, string v1, string o2, string v2, string message)
    {
        var outcome = await World.CliAsync("report", "--out", Out, o1, v1, o2, v2);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(message, outcome.Error);
        Assert.False(File.Exists(Out));
    }

    [Fact]
    public async Task Out_is_required()
    {
        var outcome = await World.CliAsync("report");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--out", outcome.Error);
    }

    [Fact]
    public async Task Help_shows_the_options_examples_and_exit_codes()
    {
        var outcome = await World.CliAsync("report", "--help");

        Assert.Equal(0, outcome.ExitCode);
        foreach (var text in new[] { "--out", "--from", "--to", "--source", "Examples:", "landfall report --out audit.html", "Exit codes:" })
        {
            Assert.Contains(text, outcome.Out);
        }
    }
}
