using Landfall.IntegrationTests.Sources.Postgres;
using Opentelemetry.Proto.Metrics.V1;
using Opentelemetry.Proto.Trace.V1;

namespace Landfall.IntegrationTests.Telemetry;

/// <summary>
/// The CLI's OTLP export, against a receiver that speaks the real wire protocol (OTLP/HTTP, protobuf decoded with the vendored
/// opentelemetry-proto definitions): the spans of a real run with their parent links, Npgsql's spans under the entity span, and
/// the metric points.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OtlpExportTests(PostgresServer server)
{
    [Fact]
    public async Task A_run_exports_its_spans_nested_run_date_entity_with_npgsql_under_the_entity_and_its_metrics()
    {
        var table = PostgresServer.NewName("otel");
        await server.ExecuteAsync($"CREATE TABLE {table} AS SELECT g AS id, 'x' || g AS name FROM generate_series(1, 25) g");
        using var receiver = new HttpReceiver();
        using var world = new TelemetryWorld(postgresConnection: server.ConfigConnectionString(), postgresTable: table);

        var (outcome, _) = await world.RunAsync(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url,
            ["OTEL_SERVICE_NAME"] = "landfall-it",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=it",
            ["LANDFALL_HOST_ID"] = "it-host",
        });

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        var otlp = new OtlpDecoded(receiver);
        var spans = otlp.Spans;
        Assert.NotEmpty(spans);
        Assert.All(spans, s => Assert.Equal("landfall-it", s.Resource["service.name"]));
        Assert.All(spans, s => Assert.Equal("it", s.Resource["deployment.environment"]));

        var ours = spans.Where(s => s.Scope == "Landfall").Select(s => s.Span).ToList();
        var run = Assert.Single(ours, s => s.Name == "landfall.run");
        Assert.Equal(Span.Types.SpanKind.Internal, run.Kind);
        var dates = ours.Where(s => s.Name == "landfall.date").ToList();
        Assert.Equal(2, dates.Count);
        Assert.All(dates, d => Assert.Equal(OtlpDecoded.Hex(run.SpanId), OtlpDecoded.Hex(d.ParentSpanId)));
        Assert.All(ours, s => Assert.Equal(OtlpDecoded.Hex(run.TraceId), OtlpDecoded.Hex(s.TraceId)));

        foreach (var date in dates)
        {
            var a = OtlpDecoded.Attributes(date.Attributes);
            Assert.Equal("2026-01-10", a["landfall.ingest_date"]);
            Assert.Equal("success", a["landfall.status"]);
            Assert.Equal("it-host", a["host.id"]);
            Assert.Matches("^[0-9a-f-]{36}$", a["landfall.run_id"]);
            var children = ours.Where(s => OtlpDecoded.Hex(s.ParentSpanId) == OtlpDecoded.Hex(date.SpanId)).ToList();
            var claim = Assert.Single(children, s => s.Name == "landfall.claim");
            Assert.Equal("true", OtlpDecoded.Attributes(claim.Attributes)["landfall.claim.won"]);
            var entity = Assert.Single(children, s => s.Name == "landfall.entity");
            var e = OtlpDecoded.Attributes(entity.Attributes);
            Assert.Equal(a["landfall.run_id"], e["landfall.run_id"]);
            if (a["landfall.source"] == "shop")
            {
                Assert.Equal("orders", e["landfall.entity"]);
                Assert.Equal("2", e["landfall.objects"]);
                Assert.Equal("2", a["landfall.objects"]);
                Assert.Equal(("id,amount\n1,10\n2,20\n".Length + "id,amount\n3,30\n".Length).ToString(), a["landfall.bytes"]);
            }
            else
            {
                Assert.Equal("pg", a["landfall.source"]);
                Assert.Equal("25", e["landfall.rows"]);
                Assert.Equal("25", a["landfall.rows"]);
                // Npgsql's own spans (its ActivitySource, exported through Npgsql.OpenTelemetry's AddNpgsql) are children of the entity span.
                var npgsql = spans.Where(s => s.Scope == "Npgsql").Select(s => s.Span).ToList();
                Assert.NotEmpty(npgsql);
                Assert.Contains(npgsql, s => OtlpDecoded.Hex(s.ParentSpanId) == OtlpDecoded.Hex(entity.SpanId));
                Assert.All(npgsql, s => Assert.Equal(OtlpDecoded.Hex(run.TraceId), OtlpDecoded.Hex(s.TraceId)));
            }
        }

        var metrics = otlp.MetricsOf("Landfall");
        var datesMetric = metrics.Last(m => m.Name == "landfall.dates");
        Assert.Equal(Metric.DataOneofCase.Sum, datesMetric.DataCase);
        Assert.True(datesMetric.Sum.IsMonotonic);
        var points = datesMetric.Sum.DataPoints.Select(p => (Attributes: OtlpDecoded.Attributes(p.Attributes), p.AsInt)).ToList();
        Assert.Contains(points, p => p.Attributes["source"] == "shop" && p.Attributes["outcome"] == "success" && p.AsInt == 1);
        Assert.Contains(points, p => p.Attributes["source"] == "pg" && p.Attributes["outcome"] == "success" && p.AsInt == 1);
        var rows = metrics.Last(m => m.Name == "landfall.rows").Sum.DataPoints;
        Assert.Contains(rows, p => OtlpDecoded.Attributes(p.Attributes)["entity"] == "rows" && p.AsInt == 25);
        var objects = metrics.Last(m => m.Name == "landfall.objects").Sum.DataPoints;
        Assert.Contains(objects, p => OtlpDecoded.Attributes(p.Attributes)["source"] == "shop" && p.AsInt == 2);
        var duration = metrics.Last(m => m.Name == "landfall.date.duration");
        Assert.Equal(Metric.DataOneofCase.Histogram, duration.DataCase);
        Assert.Equal("s", duration.Unit);
        Assert.Equal(2UL, (ulong)duration.Histogram.DataPoints.Sum(p => (long)p.Count));
    }

    [Fact]
    public async Task Without_an_endpoint_nothing_is_exported_and_the_config_block_alone_turns_it_on()
    {
        using var receiver = new HttpReceiver();
        using (var off = new TelemetryWorld())
        {
            var (outcome, _) = await off.RunAsync();
            Assert.True(outcome.ExitCode == 0, outcome.Error);
        }
        Assert.Empty(receiver.Requests);

        using var on = new TelemetryWorld($"otlp_endpoint: {receiver.Url}\nservice_name: from-config");
        var (second, _) = await on.RunAsync();
        Assert.True(second.ExitCode == 0, second.Error);
        var otlp = new OtlpDecoded(receiver);
        Assert.Contains(otlp.Spans, s => s.Span.Name == "landfall.date" && s.Resource["service.name"] == "from-config");
        Assert.Contains(otlp.MetricsOf("Landfall"), m => m.Name == "landfall.objects");
    }

    [Fact]
    public async Task Status_exports_the_status_gauges_per_source()
    {
        using var world = new TelemetryWorld();
        var (run, _) = await world.RunAsync();
        Assert.True(run.ExitCode == 0, run.Error);
        using var receiver = new HttpReceiver();

        var status = await world.CliAsync(new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url }, "status");

        Assert.True(status.ExitCode == 0, status.Error);
        var metrics = new OtlpDecoded(receiver).MetricsOf("Landfall");
        var holes = metrics.Last(m => m.Name == "landfall.status.holes");
        Assert.Equal(Metric.DataOneofCase.Gauge, holes.DataCase);
        var point = Assert.Single(holes.Gauge.DataPoints);
        Assert.Equal("shop", OtlpDecoded.Attributes(point.Attributes)["source"]);
        Assert.Equal(9, point.AsDouble); // 2026-01-01 to 01-09, before the one success
        Assert.Contains(metrics, m => m.Name == "landfall.status.dates_behind");
        Assert.Equal("s", metrics.Last(m => m.Name == "landfall.status.freshness_age").Unit);
    }
}
