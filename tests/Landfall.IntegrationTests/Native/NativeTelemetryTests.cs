using System.Text.Json;
using Landfall.IntegrationTests.Telemetry;
using Landfall.IntegrationTests.Tool;

namespace Landfall.IntegrationTests.Native;

/// <summary>
/// The natively compiled CLI with telemetry on: its OTLP export decodes at a real OTLP/HTTP receiver, and its OpenLineage events
/// and Pushgateway push are the managed CLI's (native code has no reflection to fall back on).
/// </summary>
public sealed class NativeTelemetryTests
{
    [Fact]
    public async Task The_native_CLI_exports_spans_and_metrics_sends_lineage_and_pushes()
    {
        using var receiver = new HttpReceiver();
        var job = $"landfall_native_{Guid.NewGuid():N}";
        using var world = new TelemetryWorld($"""
            otlp_endpoint: {receiver.Url}
            pushgateway: {PushgatewayTests.Gateway}
            pushgateway_job: {job}
            lineage:
              transport: file
              path: events.jsonl
            """);
        var exe = await NativeCli.PathAsync();

        var run = await ChildProcess.RunAsync(exe, ["run", "--config", world.ConfigPath, "--date", "2026-01-10", "--log-level", "information"],
            world.Folder, new Dictionary<string, string> { ["LANDFALL_HOST_ID"] = "native-host" }, TimeSpan.FromMinutes(2));

        Assert.True(run.Code == 0, run.Text);
        var otlp = new OtlpDecoded(receiver);
        var names = otlp.Spans.Where(s => s.Scope == "Landfall").Select(s => s.Span.Name).Order().ToList();
        Assert.Equal(["landfall.claim", "landfall.date", "landfall.entity", "landfall.run"], names);
        Assert.Contains(otlp.MetricsOf("Landfall"), m => m.Name == "landfall.dates");
        var events = File.ReadAllLines(Path.Combine(world.Folder, "events.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["START", "COMPLETE"], events.Select(e => e.GetProperty("eventType").GetString()));
        Assert.Contains("pushgateway_pushed", run.Text, StringComparison.Ordinal);
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"{PushgatewayTests.Gateway}/metrics");
        Assert.Contains($"job=\"{job}\"", metrics, StringComparison.Ordinal);
        await http.DeleteAsync($"{PushgatewayTests.Gateway}/metrics/job/{job}/source/shop/host/native-host");
    }
}
