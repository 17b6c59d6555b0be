using System.Text.RegularExpressions;

namespace Landfall.IntegrationTests.Telemetry;

/// <summary>
/// Telemetry never stops or stalls an ingestion: with every endpoint unreachable, slow or malformed, the run still ingests, within
/// its normal time plus the configured timeouts, and says once, clearly, what it could not send.
/// </summary>
public sealed class TelemetryBadInputTests
{
    [Fact]
    public async Task Unreachable_otlp_pushgateway_and_lineage_endpoints_leave_the_run_whole_and_are_each_said_once()
    {
        var dead = $"http://127.0.0.1:{HttpReceiver.FreePort()}";
        using var world = new TelemetryWorld($"""
            otlp_endpoint: {dead}
            export_timeout: 2s
            pushgateway: {dead}
            push_timeout: 2s
            lineage:
              transport: http
              url: {dead}/api/v1/lineage
              timeout: 1s
              retries: 1
            """);

        var (outcome, elapsed) = await world.RunAsync();

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Single(Directory.GetFiles(Path.Combine(world.LakeRoot, "_manifests"), "*.json", SearchOption.AllDirectories));
        Assert.True(elapsed < TimeSpan.FromSeconds(25), $"took {elapsed}");
        Once(outcome.Error, "otlp_export_failed", dead);
        Once(outcome.Error, "pushgateway_push_failed", dead);
        Once(outcome.Error, "lineage_send_failed", dead);
    }

    [Fact]
    public async Task Slow_receivers_cost_the_run_their_timeouts_not_more()
    {
        using var slow = new HttpReceiver { Delay = TimeSpan.FromSeconds(60) };
        using var world = new TelemetryWorld($"""
            otlp_endpoint: {slow.Url}
            export_timeout: 1s
            pushgateway: {slow.Url}
            push_timeout: 1s
            lineage:
              transport: http
              url: {slow.Url}/api/v1/lineage
              timeout: 500ms
              retries: 1
            """);

        var (outcome, elapsed) = await world.RunAsync();

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Single(Directory.GetFiles(Path.Combine(world.LakeRoot, "_manifests"), "*.json", SearchOption.AllDirectories));
        // A run here takes about 2 s; the timeouts add at most: OTLP 2 flushes and 2 shutdowns of 1 s, the push 1 s, lineage 2
        // attempts of 500 ms and a backoff. Far below the receivers' 60 s.
        Assert.True(elapsed < TimeSpan.FromSeconds(25), $"took {elapsed}");
        Assert.Contains(slow.Requests, r => r.Path == "/v1/traces");
        Assert.Contains(slow.Requests, r => r.Path.StartsWith("/metrics/job/landfall/source/shop/host/", StringComparison.Ordinal));
        Assert.Contains(slow.Requests, r => r.Path == "/api/v1/lineage");
        Once(outcome.Error, "otlp_export_failed", slow.Url);
        Once(outcome.Error, "pushgateway_push_failed", "push_timeout");
        Once(outcome.Error, "lineage_send_failed", slow.Url);
    }

    [Fact]
    public async Task Malformed_endpoints_are_warned_about_once_and_the_run_ingests()
    {
        using var world = new TelemetryWorld("""
            otlp_endpoint: "not a url"
            pushgateway: ftp://gateway:9091
            lineage:
              transport: http
              url: "http//missing-colon"
            """);

        var (outcome, _) = await world.RunAsync(new Dictionary<string, string> { ["OPENLINEAGE_URL"] = "::nonsense" });

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Single(Directory.GetFiles(Path.Combine(world.LakeRoot, "_manifests"), "*.json", SearchOption.AllDirectories));
        Assert.Single(Regex.Matches(outcome.Error, "otlp_endpoint.*'not a url' is not an http:// or https:// URL"));
        Assert.Single(Regex.Matches(outcome.Error, "pushgateway.*'ftp://gateway:9091' is not an http:// or https:// URL"));
        Assert.Single(Regex.Matches(outcome.Error, "url.*'http//missing-colon' is not an http:// or https:// URL"));

        // The standard variable, malformed, without a config section: said once, nothing exported, the run goes on.
        using var bare = new TelemetryWorld();
        var (second, _) = await bare.RunAsync(new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "localhost:4318", ["OPENLINEAGE_URL"] = "::" });
        Assert.True(second.ExitCode == 0, second.Error);
        Once(second.Error, "telemetry_setting_ignored: OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4318");
        Once(second.Error, "telemetry_setting_ignored: OPENLINEAGE_URL", "::");
    }

    private static void Once(string logs, string eventName, string detail)
    {
        var lines = logs.Split('\n').Where(l => l.Contains(eventName, StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count == 1, $"{eventName}: expected once, found {lines.Count}:\n{logs}");
        Assert.Contains(detail, lines[0], StringComparison.Ordinal);
    }
}
