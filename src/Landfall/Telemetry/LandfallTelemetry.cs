using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Landfall.Telemetry;

/// <summary>
/// The names of Landfall's <see cref="ActivitySource"/> and <see cref="Meter"/>, for an embedder's own OpenTelemetry setup
/// (<c>AddSource(LandfallTelemetry.ActivitySourceName)</c>, <c>AddMeter(LandfallTelemetry.MeterName)</c>). Without a listener
/// they cost nothing: no span is created and no measurement is recorded. docs/observability.md lists the spans and metrics.
/// </summary>
public static class LandfallTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> of runs, dates, entities and claims.</summary>
    public const string ActivitySourceName = "Landfall";

    /// <summary>The name of the <see cref="Meter"/> of dates, objects, bytes, rows, durations and status gauges.</summary>
    public const string MeterName = "Landfall";

    internal static readonly ActivitySource Source = new(ActivitySourceName, LandfallVersion.Current);

    internal static readonly Meter Meter = new(MeterName, LandfallVersion.Current);
}
