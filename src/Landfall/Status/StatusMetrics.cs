using System.Diagnostics.Metrics;
using Landfall.Telemetry;

namespace Landfall.Status;

/// <summary>
/// The status gauges per source: days behind, freshness age, late dates and holes (and failed dates), in the Prometheus text
/// format (<c>landfall status --format prometheus</c>) and as observable gauges on <see cref="LandfallTelemetry.Meter"/>, which
/// report the newest status read in the process.
/// </summary>
public static class StatusMetrics
{
    private static StatusReport? _latest;
    private static int _created;

    /// <summary>The gauges of <paramref name="report"/> in the Prometheus text exposition format.</summary>
    public static string ToPrometheusText(StatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new PrometheusText();
        foreach (var (name, help, value) in Gauges)
        {
            text.Family(name, "gauge", help);
            foreach (var s in report.Sources)
            {
                text.Sample(name, value(s), ("source", s.Source), ("env", report.Env));
            }
        }
        text.Family("landfall_status_healthy", "gauge", "1 when no source has an error-level alert, else 0");
        text.Sample("landfall_status_healthy", report.Healthy ? 1 : 0, ("env", report.Env));
        return text.ToString();
    }

    /// <summary>The gauges: Prometheus name, help, and the value of a source's status.</summary>
    internal static IReadOnlyList<(string Name, string Help, Func<SourceStatus, double> Value)> Gauges { get; } =
    [
        ("landfall_status_dates_behind", "Days behind: complete dates not yet ingested, from the next date through the last complete date (status BEHIND)", s => s.DaysBehind),
        ("landfall_status_freshness_age_seconds", "Age of the newest successful data, in seconds", s => s.Freshness.AgeHours * 3600),
        ("landfall_status_late_dates", "Dates past their expected_by without data", s => s.LateDates.Count),
        ("landfall_status_holes", "Dates before the latest success whose latest manifest is not a success", s => s.Holes.Count),
        ("landfall_status_failed_dates", "Dates whose latest manifest is failed", s => s.FailedDates.Count),
    ];

    /// <summary>Makes <paramref name="report"/> what the observable gauges report (created on first use).</summary>
    internal static void Observe(StatusReport report)
    {
        Volatile.Write(ref _latest, report);
        if (Interlocked.Exchange(ref _created, 1) == 0)
        {
            foreach (var (name, help, value) in Gauges)
            {
                var otelName = "landfall.status." + name["landfall_status_".Length..].Replace("_seconds", "", StringComparison.Ordinal);
                LandfallTelemetry.Meter.CreateObservableGauge(otelName, () => Measure(value),
                    unit: name.EndsWith("_seconds", StringComparison.Ordinal) ? "s" : null, description: help);
            }
        }
    }

    private static IEnumerable<Measurement<double>> Measure(Func<SourceStatus, double> value) =>
        Volatile.Read(ref _latest) is { } report
            ? report.Sources.Select(s => new Measurement<double>(value(s), new KeyValuePair<string, object?>("source", s.Source)))
            : [];
}
