using Google.Protobuf;
using Opentelemetry.Proto.Collector.Metrics.V1;
using Opentelemetry.Proto.Collector.Trace.V1;
using Opentelemetry.Proto.Common.V1;
using Opentelemetry.Proto.Metrics.V1;
using Opentelemetry.Proto.Trace.V1;

namespace Landfall.IntegrationTests.Telemetry;

/// <summary>What an OTLP/HTTP receiver got, decoded with the vendored opentelemetry-proto messages.</summary>
public sealed class OtlpDecoded
{
    public OtlpDecoded(HttpReceiver receiver)
    {
        Traces = [.. receiver.Bodies("/v1/traces").Select(ExportTraceServiceRequest.Parser.ParseFrom)];
        Metrics = [.. receiver.Bodies("/v1/metrics").Select(ExportMetricsServiceRequest.Parser.ParseFrom)];
    }

    public IReadOnlyList<ExportTraceServiceRequest> Traces { get; }

    public IReadOnlyList<ExportMetricsServiceRequest> Metrics { get; }

    /// <summary>Every span with its scope name and its resource's attributes.</summary>
    public IReadOnlyList<(string Scope, Span Span, IReadOnlyDictionary<string, string> Resource)> Spans =>
    [
        .. Traces.SelectMany(t => t.ResourceSpans).SelectMany(r => r.ScopeSpans.SelectMany(s => s.Spans.Select(span =>
            (s.Scope?.Name ?? "", span, (IReadOnlyDictionary<string, string>)Attributes(r.Resource.Attributes))))),
    ];

    /// <summary>Every metric of a scope, from every export (a cumulative metric is in each; the last is the run's total).</summary>
    public IReadOnlyList<Metric> MetricsOf(string scope) =>
        [.. Metrics.SelectMany(m => m.ResourceMetrics).SelectMany(r => r.ScopeMetrics).Where(s => s.Scope?.Name == scope).SelectMany(s => s.Metrics)];

    public static Dictionary<string, string> Attributes(IEnumerable<KeyValue> attributes) =>
        attributes.ToDictionary(a => a.Key, a => Text(a.Value), StringComparer.Ordinal);

    public static string Text(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public static string Hex(ByteString id) => Convert.ToHexStringLower(id.ToByteArray());
}
