using Landfall.Config;
using Landfall.Hosting;
using Landfall.Telemetry;

namespace Landfall.Tests.Telemetry;

/// <summary>The <c>telemetry:</c> section: off by default, validated, and a malformed URL a warning rather than a stopped run.</summary>
public sealed class TelemetrySettingsTests
{
    private static LandfallConfig Parse(string telemetry) => ConfigLoader.Parse($"""
        sources:
          - name: shop
            kind: files
            start_date: 2026-01-01
            entities:
              - name: orders
                directory: drop/{"{date}"}
        {telemetry}
        """, "landfall.yaml", "/tmp");

    [Fact]
    public void Without_the_section_everything_is_off()
    {
        var settings = Parse("").Telemetry;

        Assert.Null(settings.OtlpEndpoint);
        Assert.Null(settings.Pushgateway);
        Assert.Null(settings.Lineage);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.ExportTimeout);
    }

    [Fact]
    public void Every_key_is_read()
    {
        var settings = Parse("""
            telemetry:
              otlp_endpoint: http://collector:4318
              otlp_protocol: grpc
              service_name: ingest
              export_timeout: 3s
              pushgateway: http://gateway:9091
              pushgateway_job: nightly
              push_timeout: 2s
              lineage:
                transport: http
                url: https://marquez/api/v1/lineage
                api_key_env: MY_KEY
                namespace: team
                job_name: "landfall.{source}"
                timeout: 1s
                retries: 4
            """).Telemetry;

        Assert.Equal(new Uri("http://collector:4318"), settings.OtlpEndpoint);
        Assert.Equal("grpc", settings.OtlpProtocol);
        Assert.Equal("ingest", settings.ServiceName);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.ExportTimeout);
        Assert.Equal(new Uri("http://gateway:9091"), settings.Pushgateway);
        Assert.Equal("nightly", settings.PushgatewayJob);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.PushTimeout);
        var lineage = Assert.IsType<LineageSettings>(settings.Lineage);
        Assert.Equal(("http", "MY_KEY", "team", "landfall.{source}", 4), (lineage.Transport, lineage.ApiKeyVariable, lineage.Namespace, lineage.JobName, lineage.Retries));
        Assert.Equal(TimeSpan.FromSeconds(1), lineage.Timeout);
    }

    [Theory]
    [InlineData("telemetry:\n  otlp_protocol: thrift", "telemetry.otlp_protocol", "not an OTLP protocol")]
    [InlineData("telemetry:\n  exporter: otlp", "telemetry.exporter", "unknown key")]
    [InlineData("telemetry:\n  push_timeout: 10 minutes", "telemetry.push_timeout", "not a duration")]
    [InlineData("telemetry:\n  lineage:\n    transport: kafka", "telemetry.lineage.transport", "not a lineage transport")]
    [InlineData("telemetry:\n  lineage:\n    transport: http", "telemetry.lineage", "needs url")]
    [InlineData("telemetry:\n  lineage:\n    transport: file", "telemetry.lineage", "needs path")]
    [InlineData("telemetry:\n  lineage:\n    transport: stdout\n    retries: 11", "telemetry.lineage.retries", "out of range")]
    public void Mistakes_are_errors_naming_the_key(string yaml, string key, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(yaml));

        Assert.Contains(key, e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_url_is_a_warning_that_turns_that_export_off()
    {
        var config = Parse("""
            telemetry:
              otlp_endpoint: collector:4318
              pushgateway: ftp://gateway
              lineage:
                transport: http
                url: not-a-url
            """);

        Assert.Null(config.Telemetry.OtlpEndpoint);
        Assert.Null(config.Telemetry.Pushgateway);
        Assert.Null(config.Telemetry.Lineage);
        Assert.Equal(["telemetry.otlp_endpoint", "telemetry.pushgateway", "telemetry.lineage.url"], config.Warnings.Select(w => w.Path));
    }

    [Fact]
    public void The_parent_run_comes_from_the_orchestrators_variables()
    {
        var run = Guid.NewGuid().ToString();
        try
        {
            Environment.SetEnvironmentVariable("OPENLINEAGE_PARENT_ID", $"airflow/dag.task/{run}");
            Assert.Equal(new LineageParent("airflow", "dag.task", run), LineageParent.FromEnvironment());
            Environment.SetEnvironmentVariable("OPENLINEAGE_PARENT_ID", "airflow/dag.task/not-a-uuid");
            Assert.Null(LineageParent.FromEnvironment());
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENLINEAGE_PARENT_ID", null);
        }
    }

    [Fact]
    public void The_prometheus_text_escapes_label_values()
    {
        var text = new PrometheusText().Family("landfall_x", "gauge", "help\nline").Sample("landfall_x", 1.5, ("source", "a\"b\\c\nd")).ToString();

        Assert.Equal("# HELP landfall_x help\\nline\n# TYPE landfall_x gauge\nlandfall_x{source=\"a\\\"b\\\\c\\nd\"} 1.5\n", text);
    }
}
