using Landfall.Config;

namespace Landfall.Telemetry;

/// <summary>
/// The <c>telemetry:</c> section: where traces and metrics go (OTLP), the Prometheus Pushgateway a run pushes to when it ends, and
/// OpenLineage run events. Everything is off unless configured here or by the standard environment variables
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OPENLINEAGE_URL</c>).
/// </summary>
public sealed class TelemetrySettings
{
    /// <summary>The section's key.</summary>
    public const string Key = "telemetry";

    /// <summary>The <c>export_timeout</c> setting: how long one OTLP export may take.</summary>
    public static readonly DurationSetting ExportTimeoutSetting = new("export_timeout", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));

    /// <summary>The <c>push_timeout</c> setting: how long the push to the Pushgateway may take.</summary>
    public static readonly DurationSetting PushTimeoutSetting = new("push_timeout", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));

    /// <summary>The default job name of the Pushgateway grouping key.</summary>
    public const string DefaultPushgatewayJob = "landfall";

    /// <summary>The default OpenTelemetry service name.</summary>
    public const string DefaultServiceName = "landfall";

    /// <summary>The config keys of the section.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "otlp_endpoint", "otlp_protocol", "service_name", ExportTimeoutSetting.Key, "pushgateway", "pushgateway_job", PushTimeoutSetting.Key,
        LineageSettings.Key,
    ];

    /// <summary>The OTLP protocols the exporter speaks.</summary>
    public static IReadOnlyList<string> Protocols { get; } = ["http/protobuf", "grpc"];

    /// <summary>OTLP endpoint (<c>otlp_endpoint</c>); null: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> decides, and without it there is no export.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary><c>otlp_protocol</c>: <c>http/protobuf</c> or <c>grpc</c>; null: <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, else http/protobuf.</summary>
    public string? OtlpProtocol { get; init; }

    /// <summary><c>service_name</c>; null: <c>OTEL_SERVICE_NAME</c>, else <c>landfall</c>.</summary>
    public string? ServiceName { get; init; }

    /// <summary>How long one OTLP export may take (default 10s).</summary>
    public TimeSpan ExportTimeout { get; init; } = ExportTimeoutSetting.DefaultValue;

    /// <summary>The Pushgateway a run pushes its metrics to when it ends (<c>pushgateway</c>); null: no push.</summary>
    public Uri? Pushgateway { get; init; }

    /// <summary>The <c>job</c> of the grouping key (default <c>landfall</c>); source and host complete it.</summary>
    public string PushgatewayJob { get; init; } = DefaultPushgatewayJob;

    /// <summary>How long the push may take (default 10s).</summary>
    public TimeSpan PushTimeout { get; init; } = PushTimeoutSetting.DefaultValue;

    /// <summary>OpenLineage run events (<c>lineage:</c>); null: <c>OPENLINEAGE_URL</c> decides, and without it none are sent.</summary>
    public LineageSettings? Lineage { get; init; }

    /// <summary>Reads and validates a <c>telemetry:</c> section; the defaults (everything off) when it is absent.</summary>
    public static TelemetrySettings Parse(ConfigNode? node)
    {
        if (node is null)
        {
            return new TelemetrySettings();
        }
        node.OnlyKeys([.. Keys]);
        var protocol = node.Child("otlp_protocol");
        if (protocol is not null && !Protocols.Contains(protocol.AsString()))
        {
            throw protocol.Error($"'{protocol.AsString()}' is not an OTLP protocol; expected {string.Join(" or ", Protocols)}");
        }
        return new TelemetrySettings
        {
            OtlpEndpoint = HttpUrl(node.Child("otlp_endpoint")),
            OtlpProtocol = protocol?.AsString(),
            ServiceName = node.Child("service_name")?.AsName(),
            ExportTimeout = node.Get(ExportTimeoutSetting),
            Pushgateway = HttpUrl(node.Child("pushgateway")),
            PushgatewayJob = node.Child("pushgateway_job")?.AsName() ?? DefaultPushgatewayJob,
            PushTimeout = node.Get(PushTimeoutSetting),
            Lineage = LineageSettings.Parse(node.Child(LineageSettings.Key)),
        };
    }

    /// <summary>
    /// An absolute http(s) URL; a malformed one is a config warning (said when the host is built) and null: telemetry never stops
    /// an ingestion, so a typo in an endpoint turns that export off rather than the run.
    /// </summary>
    internal static Uri? HttpUrl(ConfigNode? node)
    {
        if (node is null)
        {
            return null;
        }
        var text = node.AsString().Trim();
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }
        node.Warn($"'{text}' is not an http:// or https:// URL: nothing is sent there (the runs go on)");
        return null;
    }
}
