using System.Text;
using System.Text.Json;
using Landfall.Cli;
using Landfall.Cli.Output;
using Landfall.Config;
using Landfall.Hosting;
using Landfall.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Landfall.Tests.Hardening;

/// <summary>
/// Issue 18: config files a newcomer or an attacker writes. Every problem is <c>FILE:LINE: message</c> with exit code 2 and
/// nothing written; warnings name what is probably not meant; <c>validate</c> and <c>init</c> work without touching anything.
/// </summary>
public sealed class ConfigHardeningTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("landfall-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<CliOutcome> CliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, new FakeTimeProvider(new DateTimeOffset(2026, 1, 11, 6, 0, 0, TimeSpan.Zero)));
        var code = await CliApp.InvokeAsync(args, console);
        return new CliOutcome(code, output.ToString(), error.ToString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string Source = """
        sources:
          - name: shop
            kind: files
            start_date: 2026-01-01
            entities:
              - name: orders
                directory: drop/{date}

        """;

    [Theory]
    [InlineData("env: t\nlake: {kind: local, path: ./lake\nsources: []\n", 2)]
    [InlineData("env: t\nsources:\n  - name: [a\n", 4)]
    [InlineData("env: \"t\nsources: []\n", 0)]
    [InlineData("a: b: c\n", 1)]
    public async Task A_yaml_syntax_error_is_a_config_error_with_its_line_never_a_crash(string yaml, int line)
    {
        var path = Write("s.yaml", yaml);

        var outcome = await CliAsync("status", "-c", path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("config error:", outcome.Error);
        Assert.Contains(line > 0 ? $"s.yaml:{line}" : "s.yaml", outcome.Error);
        Assert.DoesNotContain("Exception", outcome.Error);
        Assert.DoesNotContain("   at ", outcome.Error);
    }

    [Fact]
    public async Task A_config_larger_than_10_MiB_is_refused_before_it_is_read_whole()
    {
        var path = Path.Combine(_folder, "big.yaml");
        await using (var file = File.Create(path))
        {
            file.SetLength(ConfigLoader.MaxFileBytes + 1);
        }

        var outcome = await CliAsync("validate", "-c", path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("larger than 10 MiB", outcome.Error);
    }

    [Fact]
    public async Task Dev_zero_as_a_config_is_refused_promptly()
    {
        var outcome = await CliAsync("validate", "-c", "/dev/zero").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("larger than 10 MiB", outcome.Error);
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_are_named_with_their_line()
    {
        var path = Path.Combine(_folder, "latin1.yaml");
        // "env: café" saved as Latin-1 on line 2.
        await File.WriteAllBytesAsync(path, [.. Encoding.UTF8.GetBytes("# prod\nenv: caf"), 0xE9, .. Encoding.UTF8.GetBytes("\n" + Source)]);

        var outcome = await CliAsync("validate", "-c", path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("latin1.yaml:2: is not valid UTF-8 (byte 0xE9)", outcome.Error);
    }

    [Fact]
    public async Task An_empty_glob_gets_landfalls_own_message()
    {
        var path = Write("landfall.yaml", Source + "        glob: \"\"\n");

        var outcome = await CliAsync("validate", "-c", path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("sources[0].entities[0].glob: must not be empty; leave the key out to take every file", outcome.Error);
    }

    [Fact]
    public async Task An_empty_directory_is_refused()
    {
        var path = Write("landfall.yaml", Source.Replace("directory: drop/{date}", "directory: \"\"", StringComparison.Ordinal));

        var outcome = await CliAsync("validate", "-c", path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("sources[0].entities[0].directory: must not be empty", outcome.Error);
    }

    [Fact]
    public async Task A_directory_without_a_date_token_is_valid_but_warned_about()
    {
        var path = Write("landfall.yaml", Source.Replace("drop/{date}", "drop/all", StringComparison.Ordinal));

        var outcome = await CliAsync("validate", "-c", path);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("is valid", outcome.Out);
        Assert.Contains("warning: ", outcome.Out);
        Assert.Contains("landfall.yaml:7 sources[0].entities[0].directory: 'drop/all' has no date token", outcome.Out);
        var config = ConfigLoader.Load(path);
        Assert.Contains(config.Warnings, w => w.Path == "sources[0].entities[0].directory");
    }

    [Fact]
    public async Task A_lake_path_that_is_a_file_is_a_config_error()
    {
        Write("taken", "x");
        var path = Write("landfall.yaml", "lake:\n  kind: local\n  path: ./taken\n" + Source);

        var outcome = await CliAsync("status", "-c", path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("landfall.yaml:3 lake.path:", outcome.Error);
        Assert.Contains("is a file; the lake is a folder", outcome.Error);
    }

    [Fact]
    public async Task Validate_touches_neither_the_lake_nor_a_source_and_exits_2_on_an_error()
    {
        var good = Write("landfall.yaml", "lake:\n  kind: local\n  path: ./lake\n" + Source);
        var bad = Write("bad.yaml", Source.Replace("2026-01-01", "2026-13-01", StringComparison.Ordinal));

        var ok = await CliAsync("validate", "-c", good, "--json");
        var wrong = await CliAsync("validate", "-c", bad);

        Assert.Equal(0, ok.ExitCode);
        using (var doc = JsonDocument.Parse(ok.Out))
        {
            Assert.True(doc.RootElement.GetProperty("valid").GetBoolean());
            Assert.Equal("shop", doc.RootElement.GetProperty("sources")[0].GetProperty("name").GetString());
        }
        Assert.False(Directory.Exists(Path.Combine(_folder, "lake")));
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("bad.yaml:4 sources[0].start_date: '2026-13-01' is not a date", wrong.Error);
    }

    [Theory]
    [InlineData("files")]
    [InlineData("s3")]
    [InlineData("postgres")]
    [InlineData("sftp")]
    public async Task Init_writes_a_commented_starter_that_validates_and_never_overwrites(string kind)
    {
        var path = Path.Combine(_folder, $"{kind}.yaml");
        Environment.SetEnvironmentVariable("SHOP_DB_PASSWORD", "x");
        Environment.SetEnvironmentVariable("PARTNER_SFTP_KEY", "key text");

        var init = await CliAsync("init", "--source-kind", kind, "--out", path);
        var validate = await CliAsync("validate", "-c", path);
        File.WriteAllText(path, "mine");
        var again = await CliAsync("init", "--source-kind", kind, "--out", path);

        Assert.Equal(0, init.ExitCode);
        Assert.Equal(0, validate.ExitCode);
        Assert.Contains($"kind: {kind}", StarterText(kind));
        Assert.Contains("# ", StarterText(kind));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("exists already", again.Error);
        Assert.Equal("mine", File.ReadAllText(path));
    }

    private static string StarterText(string kind) => Landfall.Cli.Commands.StarterConfigs.For(kind);

    [Fact]
    public void A_config_warning_reaches_the_hosts_log_as_config_warning()
    {
        var path = Write("landfall.yaml", "lake:\n  kind: local\n  path: ./lake\n" + Source.Replace("drop/{date}", "drop/all", StringComparison.Ordinal));
        var logs = new CapturingLoggerProvider();

        using var host = LandfallHost.CreateBuilder().UseConfigFile(path).UseLoggerFactory(logs).Build();

        var warning = Assert.Single(logs.Named("config_warning"));
        Assert.Contains("has no date token", warning.Message);
        Assert.IsType<ConfigWarning>(Assert.Single(host.Config.Warnings));
    }
}
