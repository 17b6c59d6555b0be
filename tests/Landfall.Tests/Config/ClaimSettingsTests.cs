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
        Assert.Equal(TimeSpan.FromSeconds(10), claims.RenewInterval);
        Assert.Equal(TimeSpan.FromSeconds(43), claims.RenewalDeadline);
    }

    [Fact]
    public void A_lease_and_a_renewal_interval_are_read_in_seconds()
    {
        var claims = Parse("  claim_lease_seconds: 6\n  claim_renew_seconds: 2").Schedule.Claims;
        Assert.Equal(TimeSpan.FromSeconds(6), claims.Lease);
        Assert.Equal(TimeSpan.FromSeconds(2), claims.RenewInterval);
    }

    [Fact]
    public void A_renewal_interval_over_a_third_of_the_lease_is_an_error_at_the_renewal_key()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("  claim_lease_seconds: 60\n  claim_renew_seconds: 30"));
        Assert.Equal((11L, "schedule.claim_renew_seconds"), (e.Line, e.Path));
        Assert.Contains("30 is more than a third of claim_lease_seconds (60)", e.Message);
        Assert.Contains("use at most 20", e.Message);
    }

    [Fact]
    public void A_lease_too_short_for_the_default_renewal_is_an_error_at_the_lease_key()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("  claim_lease_seconds: 20"));
        Assert.Equal((10L, "schedule.claim_lease_seconds"), (e.Line, e.Path));
        Assert.Contains("20 is less than three times claim_renew_seconds (10, the default); use at least 30", e.Message);
        Assert.Contains("or set claim_renew_seconds to at most 6", e.Message);
    }

    [Theory]
    [InlineData("claim_lease_seconds: 5", "schedule.claim_lease_seconds", "6 to 86400")]
    [InlineData("claim_renew_seconds: 0", "schedule.claim_renew_seconds", "1 to 28800")]
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
        Assert.Contains("schedule.claim_lease_seconds (default 60)", warning.Message);
        Assert.Contains("schedule.claim_renew_seconds (default 10)", warning.Message);
        Assert.Equal(TimeSpan.FromSeconds(60), config.Schedule.Claims.Lease);
    }

    [Fact]
    public void A_config_without_retired_settings_has_no_warning()
    {
        Assert.Empty(Parse("  claim_lease_seconds: 90").Warnings);
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
