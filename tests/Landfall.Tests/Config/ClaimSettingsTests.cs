using Landfall.Cli;
using Landfall.Cli.Output;
using Landfall.Config;
using Landfall.Hosting;
using Landfall.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Landfall.Tests.Config;

/// <summary>
/// The lease settings: bounds that keep a lease workable, errors naming the key to change, and the retired claim_ttl_minutes,
/// which still loads, with a warning naming the new settings, through the config, the host's log and the command's stderr.
/// </summary>
public sealed class ClaimSettingsTests : IDisposable
{
    private const string File = "landfall.yaml";

    // Lines 1-8: one valid source; the schedule section starts at line 9.
    private const string Sources = """
        env: dev
        sources:
          - name: orders
            kind: files
            start_date: 2026-01-01
            entities:
              - name: items
                directory: drop/{date}
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("landfall-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private LandfallConfig Parse(string schedule) => ConfigLoader.Parse($"{Sources}\nschedule:\n{schedule}", File, _folder);

    [Fact]
    public void The_defaults_are_a_60_s_lease_renewed_every_10_s()
    {
        var claims = Parse("  lag_days: 1").Schedule.Claims;
        Assert.Equal(TimeSpan.FromSeconds(60), claims.Lease);
        Assert.Equal(TimeSpan.FromSeconds(10), claims.Renew);
        Assert.Equal(TimeSpan.FromSeconds(30), claims.Wait);
        Assert.Equal(TimeSpan.FromSeconds(43), claims.RenewalDeadline);
    }

    [Fact]
    public void A_lease_a_renewal_and_a_wait_are_durations()
    {
        var claims = Parse("  claim_lease: 6s\n  claim_renew: 2s\n  claim_wait: 1m").Schedule.Claims;
        Assert.Equal(TimeSpan.FromSeconds(6), claims.Lease);
        Assert.Equal(TimeSpan.FromSeconds(2), claims.Renew);
        Assert.Equal(TimeSpan.FromMinutes(1), claims.Wait);
    }

    [Theory]
    [InlineData("claim_lease_seconds: 90", "schedule.claim_lease_seconds", "write claim_lease: 90s instead")]
    [InlineData("claim_renew_seconds: 5", "schedule.claim_renew_seconds", "write claim_renew: 5s instead")]
    [InlineData("claim_wait_seconds: 120", "schedule.claim_wait_seconds", "write claim_wait: 2m instead")]
    public void The_older_whole_seconds_keys_still_load_with_a_warning_naming_the_new_key(string line, string path, string advice)
    {
        var config = Parse("  " + line);

        var warning = Assert.Single(config.Warnings);
        Assert.Equal((10L, path), (warning.Line, warning.Path));
        Assert.Contains(advice, warning.Message);
        var claims = config.Schedule.Claims;
        Assert.Equal(line switch
        {
            _ when line.StartsWith("claim_lease", StringComparison.Ordinal) => (TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)),
            _ when line.StartsWith("claim_renew", StringComparison.Ordinal) => (TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)),
            _ => (TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2)),
        }, (claims.Lease, claims.Renew, claims.Wait));
    }

    [Fact]
    public void A_key_and_its_older_name_together_are_an_error()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("  claim_lease: 60s\n  claim_lease_seconds: 60"));
        Assert.Equal((11L, "schedule.claim_lease_seconds"), (e.Line, e.Path));
        Assert.Contains("give either claim_lease or the older claim_lease_seconds, not both", e.Message);
    }

    [Fact]
    public void A_renewal_interval_over_a_third_of_the_lease_is_an_error_at_the_renewal_key()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("  claim_lease: 60s\n  claim_renew: 30s"));
        Assert.Equal((11L, "schedule.claim_renew"), (e.Line, e.Path));
        Assert.Contains("a renewal every 30s is more than a third of a 1m lease", e.Message);
        Assert.Contains("give claim_renew at most 20s", e.Message);
    }

    [Fact]
    public void The_same_rule_holds_for_the_older_keys_and_blames_the_key_written()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("  claim_lease_seconds: 60\n  claim_renew_seconds: 30"));
        Assert.Equal((11L, "schedule.claim_renew_seconds"), (e.Line, e.Path));
        Assert.Contains("a renewal every 30s is more than a third of a 1m lease", e.Message);
    }

    [Fact]
    public void A_lease_too_short_for_the_default_renewal_is_an_error_at_the_lease_key()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("  claim_lease: 20s"));
        Assert.Equal((10L, "schedule.claim_lease"), (e.Line, e.Path));
        Assert.Contains("a renewal every 10s is more than a third of a 20s lease", e.Message);
        Assert.Contains("(claim_renew is 10s by default): give claim_lease at least 30s, or claim_renew at most 6s", e.Message);
    }

    [Theory]
    [InlineData("claim_lease: 5s", "schedule.claim_lease", "6s to 1d")]
    [InlineData("claim_renew: 0s", "schedule.claim_renew", "1s to 8h")]
    [InlineData("claim_lease_seconds: 5", "schedule.claim_lease_seconds", "6 to 86400")]
    public void Values_out_of_bounds_name_their_key(string line, string path, string range)
    {
        var e = Assert.Throws<ConfigException>(() => Parse("  " + line));
        Assert.Equal(path, e.Path);
        Assert.Contains(range, e.Message);
    }

    [Fact]
    public void The_retired_claim_ttl_minutes_loads_with_a_warning_naming_the_new_settings()
    {
        var config = Parse("  lag_days: 1\n  claim_ttl_minutes: 120");

        var warning = Assert.Single(config.Warnings);
        Assert.Equal((File, 11L, "schedule.claim_ttl_minutes"), (warning.File, warning.Line, warning.Path));
        Assert.StartsWith("landfall.yaml:11 schedule.claim_ttl_minutes: is no longer used and is ignored", warning.Message);
        Assert.Contains("schedule.claim_lease (default 1m)", warning.Message);
        Assert.Contains("schedule.claim_renew (default 10s)", warning.Message);
        Assert.Equal(TimeSpan.FromSeconds(60), config.Schedule.Claims.Lease);
    }

    [Fact]
    public void A_config_without_retired_settings_has_no_warning()
    {
        Assert.Empty(Parse("  claim_lease: 90s").Warnings);
    }

    [Fact]
    public void The_host_logs_each_config_warning_as_config_warning()
    {
        var logs = new CapturingLoggerProvider();
        using var host = LandfallHost.CreateBuilder().UseConfig(Parse("  claim_ttl_minutes: 240")).UseLoggerFactory(logs).Build();

        var logged = Assert.Single(logs.Named("config_warning"));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, logged.Level);
        Assert.Contains("landfall.yaml:10 schedule.claim_ttl_minutes: is no longer used", logged.Message);
    }

    [Theory]
    [InlineData("text", true)]
    [InlineData("json", false)]
    public async Task The_command_prints_config_warnings_on_stderr_unless_its_logs_are_json_lines(string logFormat, bool printed)
    {
        var path = Path.Combine(_folder, File);
        await System.IO.File.WriteAllTextAsync(path, $"{Sources}\nschedule:\n  claim_ttl_minutes: 120\n");
        var (output, error, logs) = (new StringWriter(), new StringWriter(), new CapturingLoggerProvider());
        var console = new CliConsole(output, error, new FakeTimeProvider(new DateTimeOffset(2026, 1, 11, 6, 0, 0, TimeSpan.Zero)), logs);

        var code = await CliApp.InvokeAsync(["plan", "--json", "--log-format", logFormat, "--config", path], console);

        Assert.Equal(0, code);
        Assert.Equal(printed, error.ToString().Contains(
            $"landfall: warning: {path}:10 schedule.claim_ttl_minutes: is no longer used", StringComparison.Ordinal));
        Assert.Single(logs.Named("config_warning"));
        Assert.StartsWith("{", output.ToString().TrimStart());
    }
}
