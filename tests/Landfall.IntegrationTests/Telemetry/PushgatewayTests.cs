using System.Diagnostics;

namespace Landfall.IntegrationTests.Telemetry;

/// <summary>
/// The push at the end of a run, against a real Prometheus Pushgateway (scripts/services/pushgateway), read back from its
/// /metrics; and <c>status --format prometheus</c> checked by promtool.
/// </summary>
public sealed class PushgatewayTests
{
    public static string Gateway { get; } = Environment.GetEnvironmentVariable("LANDFALL_PUSHGATEWAY_URL") ?? "http://127.0.0.1:9091";

    [Fact]
    public async Task A_run_pushes_its_metrics_grouped_by_job_source_and_host_and_the_pushgateway_serves_them()
    {
        var job = $"landfall_it_{Guid.NewGuid():N}";
        using var world = new TelemetryWorld($"pushgateway: {Gateway}\npushgateway_job: {job}");

        var (outcome, _) = await world.RunAsync(new Dictionary<string, string> { ["LANDFALL_HOST_ID"] = "it-host" });

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("pushgateway_pushed", outcome.Error, StringComparison.Ordinal);
        using var http = new HttpClient();
        var metrics = (await http.GetStringAsync($"{Gateway}/metrics")).Split('\n');
        var ours = metrics.Where(l => l.Contains($"job=\"{job}\"", StringComparison.Ordinal)).ToList();
        Assert.Contains(ours, l => l.StartsWith("landfall_run_dates{", StringComparison.Ordinal) && l.Contains("outcome=\"success\"", StringComparison.Ordinal)
            && l.Contains("source=\"shop\"", StringComparison.Ordinal) && l.Contains("host=\"it-host\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(ours, l => l.StartsWith("landfall_run_objects{", StringComparison.Ordinal) && l.Contains("entity=\"orders\"", StringComparison.Ordinal)
            && l.EndsWith(" 2", StringComparison.Ordinal));
        Assert.Contains(ours, l => l.StartsWith("landfall_run_failed{", StringComparison.Ordinal) && l.EndsWith(" 0", StringComparison.Ordinal));
        Assert.Contains(ours, l => l.StartsWith("landfall_run_last_success_timestamp_seconds{", StringComparison.Ordinal));
        // The Pushgateway's own record of the push, for the group.
        Assert.Contains(metrics, l => l.StartsWith("push_time_seconds{", StringComparison.Ordinal) && l.Contains($"job=\"{job}\"", StringComparison.Ordinal));

        // A second run of the same date skips: the group's dates are replaced, the last success's timestamp stays.
        var (again, _) = await world.RunAsync(new Dictionary<string, string> { ["LANDFALL_HOST_ID"] = "it-host" });
        Assert.True(again.ExitCode == 0, again.Error);
        var after = (await http.GetStringAsync($"{Gateway}/metrics")).Split('\n').Where(l => l.Contains($"job=\"{job}\"", StringComparison.Ordinal)).ToList();
        Assert.Contains(after, l => l.StartsWith("landfall_run_dates{", StringComparison.Ordinal) && l.Contains("outcome=\"skipped\"", StringComparison.Ordinal));
        Assert.DoesNotContain(after, l => l.StartsWith("landfall_run_dates{", StringComparison.Ordinal) && l.Contains("outcome=\"success\"", StringComparison.Ordinal));
        Assert.Contains(after, l => l.StartsWith("landfall_run_last_success_timestamp_seconds{", StringComparison.Ordinal));

        await http.DeleteAsync($"{Gateway}/metrics/job/{job}/source/shop/host/it-host");
    }

    [Fact]
    public async Task Status_in_the_prometheus_format_passes_promtool_check_metrics()
    {
        using var world = new TelemetryWorld();
        var (run, _) = await world.RunAsync();
        Assert.True(run.ExitCode == 0, run.Error);

        var status = await world.CliAsync(null, "status", "--format", "prometheus");

        Assert.True(status.ExitCode == 0, status.Error);
        Assert.Contains("# TYPE landfall_status_dates_behind gauge", status.Out, StringComparison.Ordinal);
        Assert.Matches(@"landfall_status_holes\{source=""shop"",env=""test""\} 9\n", status.Out); // 2026-01-01 to 01-09, before the one success
        Assert.Matches(@"landfall_status_freshness_age_seconds\{source=""shop"",env=""test""\} [0-9.e+]+\n", status.Out);
        var (exit, output) = await PromtoolAsync(status.Out, "check", "metrics");
        Assert.True(exit == 0, output);
    }

    /// <summary>Runs promtool (Debian's prometheus package, installed by scripts/services/pushgateway/start.sh) with stdin.</summary>
    public static async Task<(int Exit, string Output)> PromtoolAsync(string? stdin, params string[] args)
    {
        var info = new ProcessStartInfo("promtool")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
