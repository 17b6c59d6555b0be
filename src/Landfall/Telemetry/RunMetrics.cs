using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Landfall.Telemetry;

/// <summary>
/// The run's counters and histograms on <see cref="LandfallTelemetry.Meter"/>. Recording without a listener is a no-op check, so
/// they are always recorded. Names follow OpenTelemetry's conventions (dots, units apart); Prometheus sees them with underscores
/// and unit suffixes (docs/observability.md).
/// </summary>
internal static class RunMetrics
{
    public static readonly Counter<long> Dates = LandfallTelemetry.Meter.CreateCounter<long>(
        "landfall.dates", "{date}", "(source, date) pairs a run visited, by outcome (success, failed, skipped, waiting) and reason");

    public static readonly Counter<long> Objects = LandfallTelemetry.Meter.CreateCounter<long>(
        "landfall.objects", "{object}", "Objects written to bronze, by source and entity");

    public static readonly Counter<long> Bytes = LandfallTelemetry.Meter.CreateCounter<long>(
        "landfall.bytes", "By", "Bytes written to bronze, by source and entity");

    public static readonly Counter<long> Rows = LandfallTelemetry.Meter.CreateCounter<long>(
        "landfall.rows", "{row}", "Rows written to bronze (tabular entities), by source and entity");

    public static readonly Histogram<double> DateDuration = LandfallTelemetry.Meter.CreateHistogram<double>(
        "landfall.date.duration", "s", "Time to run one source for one date, by source and outcome");

    public static readonly Histogram<double> EntityDuration = LandfallTelemetry.Meter.CreateHistogram<double>(
        "landfall.entity.duration", "s", "Time to extract one entity, by source, entity and outcome");

    public static void Entity(string source, string entity, string outcome, int objects, long bytes, long? rows, TimeSpan elapsed)
    {
        var tags = new TagList { { "source", source }, { "entity", entity } };
        Objects.Add(objects, tags);
        Bytes.Add(bytes, tags);
        if (rows is { } r)
        {
            Rows.Add(r, tags);
        }
        tags.Add("outcome", outcome);
        EntityDuration.Record(elapsed.TotalSeconds, tags);
    }

    public static void Date(string source, string outcome, string? reason, TimeSpan elapsed)
    {
        Dates.Add(1, new TagList { { "source", source }, { "outcome", outcome }, { "reason", reason ?? "" } });
        DateDuration.Record(elapsed.TotalSeconds, new TagList { { "source", source }, { "outcome", outcome } });
    }
}
