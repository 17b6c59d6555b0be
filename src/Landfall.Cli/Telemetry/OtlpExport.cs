using Landfall.Telemetry;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Landfall.Cli.Telemetry;

/// <summary>
/// Exports the library's spans and metrics (and Npgsql's and HttpClient's spans, which nest under the entity span) over OTLP for one
/// command, when configured: <c>telemetry.otlp_endpoint</c> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>. Otherwise nothing is created and
/// nothing listens, so the instrumentation costs nothing. Disposing flushes, bounded by the export timeout; an endpoint that cannot
/// be reached is logged once then, and never fails the command.
/// </summary>
internal sealed partial class OtlpExport : IDisposable
{
    private readonly TracerProvider _traces;
    private readonly MeterProvider _metrics;
    private readonly FailureWatch _watch;
    private readonly int _timeoutMs;
    private readonly ILogger _logger;

    private OtlpExport(TelemetrySettings settings, ILogger logger)
    {
        _logger = logger;
        _timeoutMs = (int)settings.ExportTimeout.TotalMilliseconds;
        var protocol = (settings.OtlpProtocol ?? Env("OTEL_EXPORTER_OTLP_PROTOCOL")) == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        _watch = new FailureWatch();
        Target = settings.OtlpEndpoint?.ToString() ?? Env("OTEL_EXPORTER_OTLP_ENDPOINT") ?? "";
        var resource = ResourceBuilder.CreateDefault()
            .AddService(settings.ServiceName ?? Env("OTEL_SERVICE_NAME") ?? TelemetrySettings.DefaultServiceName, serviceVersion: LandfallVersion.Current)
            .AddAttributes([new KeyValuePair<string, object>("host.id", Environment.GetEnvironmentVariable("LANDFALL_HOST_ID") is { Length: > 0 } id
                ? id : Environment.MachineName)]);
        void Configure(OtlpExporterOptions options, string signal)
        {
            options.Protocol = protocol;
            options.TimeoutMilliseconds = _timeoutMs;
            // The standard variable is read by the exporter itself (with its /v1/traces path); the config's endpoint is the same base.
            if (settings.OtlpEndpoint is { } endpoint)
            {
                options.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf
                    ? new Uri(endpoint.ToString().TrimEnd('/') + "/v1/" + signal)
                    : endpoint;
            }
            options.HttpClientFactory = () => new HttpClient(new FailureHandler(_watch, signal) { InnerHandler = new SocketsHttpHandler() })
            {
                Timeout = TimeSpan.FromMilliseconds(_timeoutMs),
            };
        }
        _traces = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(LandfallTelemetry.ActivitySourceName)
            .AddNpgsql()
            .AddSource("System.Net.Http")
            .AddOtlpExporter(o => Configure(o, "traces"))
            .Build()!;
        _metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(LandfallTelemetry.MeterName)
            .AddOtlpExporter((o, reader) =>
            {
                Configure(o, "metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportTimeoutMilliseconds = _timeoutMs;
            })
            .Build()!;
    }

    /// <summary>Where it exports, for messages.</summary>
    public string Target { get; }

    /// <summary>An export when configured, else null (and nothing listens).</summary>
    public static OtlpExport? Start(TelemetrySettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.Equals(Env("OTEL_SDK_DISABLED"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        if (settings.OtlpEndpoint is null)
        {
            var variable = Env("OTEL_EXPORTER_OTLP_ENDPOINT");
            if (variable is null)
            {
                return null;
            }
            if (!Uri.TryCreate(variable, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                OtlpIgnored(logger, "OTEL_EXPORTER_OTLP_ENDPOINT", variable);
                return null;
            }
        }
        return new OtlpExport(settings, logger);
    }

    public void Dispose()
    {
        // Spans first (the run's are complete by now), then the last metric collection: each shutdown flushes, bounded by the
        // export timeout.
        _traces.Shutdown(_timeoutMs);
        _metrics.Shutdown(_timeoutMs);
        _traces.Dispose();
        _metrics.Dispose();
        if (_watch.First is { } failure)
        {
            OtlpFailed(_logger, failure.Signal, Target, failure.Problem);
        }
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;

    [LoggerMessage(9510, LogLevel.Warning,
        "otlp_export_failed: {Signal} could not be exported to {Target}: {Problem}. The command's work is not affected; what was not " +
        "exported is lost", EventName = "otlp_export_failed")]
    private static partial void OtlpFailed(ILogger logger, string signal, string target, string problem);

    [LoggerMessage(9511, LogLevel.Warning,
        "telemetry_setting_ignored: {Variable} is '{Value}', not an http:// or https:// URL; no traces or metrics are exported",
        EventName = "telemetry_setting_ignored")]
    private static partial void OtlpIgnored(ILogger logger, string variable, string value);

    /// <summary>The first export that failed, whatever the signal: said once, when the command ends.</summary>
    private sealed class FailureWatch
    {
        private (string Signal, string Problem)? _first;

        public (string Signal, string Problem)? First => _first;

        public void Failed(string signal, string problem)
        {
            lock (this)
            {
                _first ??= (signal, problem);
            }
        }
    }

    private sealed class FailureHandler(FailureWatch watch, string signal) : DelegatingHandler
    {
        // The exporter sends synchronously (from its export thread): Send, not SendAsync.
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                var response = base.Send(request, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    watch.Failed(signal, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                }
                return response;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                watch.Failed(signal, e is OperationCanceledException ? "no answer within the export timeout" : e.Message);
                throw;
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    watch.Failed(signal, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                }
                return response;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                watch.Failed(signal, e is OperationCanceledException ? "no answer within the export timeout" : e.Message);
                throw;
            }
        }
    }
}
