using Landfall.Testing;

namespace Landfall.IntegrationTests.Telemetry;

/// <summary>docs/observability's alert rules: valid for Prometheus (promtool check rules), and firing when they should (promtool test rules).</summary>
public sealed class PrometheusRulesTests
{
    [Fact]
    public async Task The_documented_alert_rules_pass_promtool_check_and_their_unit_tests()
    {
        var (check, checkOutput) = await PushgatewayTests.PromtoolAsync(null, "check", "rules", RepoPaths.Docs("observability", "landfall-rules.yml"));
        Assert.True(check == 0, checkOutput);
        Assert.Contains("SUCCESS: 6 rules found", checkOutput, StringComparison.Ordinal);

        var (test, testOutput) = await PushgatewayTests.PromtoolAsync(null, "test", "rules", RepoPaths.Docs("observability", "landfall-rules.test.yml"));
        Assert.True(test == 0, testOutput);
    }

    [Fact]
    public void Every_metric_the_rules_use_is_one_landfall_writes()
    {
        var rules = File.ReadAllText(RepoPaths.Docs("observability", "landfall-rules.yml"));
        var used = System.Text.RegularExpressions.Regex.Matches(rules, @"\blandfall_[a-z_]*[a-z]\b(?!_\*)").Select(m => m.Value).Distinct().ToList();
        var written = Landfall.Status.StatusMetrics.Gauges.Select(g => g.Name)
            .Concat(["landfall_run_dates", "landfall_run_objects", "landfall_run_bytes", "landfall_run_rows", "landfall_run_duration_seconds",
                "landfall_run_failed", "landfall_run_end_timestamp_seconds", "landfall_run_last_success_timestamp_seconds"]).ToHashSet();
        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.Contains(name, written));
        var pushed = Landfall.Telemetry.Pushgateway.Text("prod", [new Landfall.Telemetry.DateOutcome
        {
            Source = "shop", IngestDate = new DateOnly(2026, 1, 10), RunId = Guid.NewGuid().ToString(), Status = "success", Objects = 1, Bytes = 2,
            EntityTotals = new Dictionary<string, Landfall.Manifests.EntityTotals> { ["orders"] = new(1, 2, 3) },
        }], DateTimeOffset.UnixEpoch);
        Assert.All(written.Where(n => n.StartsWith("landfall_run_", StringComparison.Ordinal)),
            name => Assert.Contains($"# TYPE {name} gauge", pushed, StringComparison.Ordinal));
    }
}
