using Landfall.Lake;
using Landfall.Layout;
using Landfall.Sources;
using Microsoft.Extensions.Logging;

namespace Landfall.Telemetry;

/// <summary>
/// What a host reports beyond its manifests and logs, at the runner's few seams: metrics and the end of each (source, date), the
/// OpenLineage START and end events of the dates that do work, and at the end of a run the Pushgateway push. Spans are started by
/// the runner itself (<see cref="RunSpans"/>), since they must enclose the work.
/// </summary>
internal sealed class RunTelemetry : IDisposable
{
    private readonly string _env;
    private readonly ILake? _lake;
    private readonly TimeZoneInfo _zone;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly LineageParent? _parent;

    public RunTelemetry(TelemetrySettings settings, string env, ILake? lake, TimeZoneInfo zone, ILogger logger, TimeProvider time)
        : this(settings, env, lake, zone, logger, time, readEnvironment: true)
    {
    }

    private RunTelemetry(TelemetrySettings settings, string env, ILake? lake, TimeZoneInfo zone, ILogger logger, TimeProvider time,
        bool readEnvironment)
    {
        Settings = settings;
        _env = env;
        _lake = lake;
        _zone = zone;
        _logger = logger;
        _time = time;
        var lineage = settings.Lineage ?? (readEnvironment ? LineageSettings.FromEnvironment() : null);
        if (readEnvironment && settings.Lineage is null && lineage is null && Environment.GetEnvironmentVariable("OPENLINEAGE_URL") is { Length: > 0 } bad)
        {
            TelemetryLog.SettingIgnored(logger, "OPENLINEAGE_URL", bad);
        }
        if (lineage is not null)
        {
            Lineage = new LineageEmitter(lineage, LineageTransport.Create(lineage, time), logger);
            _parent = LineageParent.FromEnvironment();
        }
    }

    /// <summary>Nothing configured: metrics and spans only (free without a listener), no lineage, no push.</summary>
    public static RunTelemetry Off { get; } = new(new TelemetrySettings(), "", null, TimeZoneInfo.Utc,
        Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeProvider.System, readEnvironment: false);

    public TelemetrySettings Settings { get; }

    public LineageEmitter? Lineage { get; }

    /// <summary>A (source, date) starts its work (claimed, decided to ingest): the lineage START event.</summary>
    public void DateStarted(ISource source, DateOnly date, string runId)
    {
        if (Lineage is null)
        {
            return;
        }
        Lineage.Emit(runId, Event(source, date, runId, "START") with { Inputs = Inputs(source, date) });
    }

    /// <summary>A (source, date) ended, whatever its decision: its metrics, and the lineage end event when it had started.</summary>
    public void DateEnded(ISource source, DateOutcome result, TimeSpan elapsed)
    {
        RunMetrics.Date(source.Name, result.Status, result.Reason, elapsed);
        if (Lineage is null || !Lineage.Ends(result.RunId))
        {
            return;
        }
        var (type, message) = result.Status switch
        {
            "success" => ("COMPLETE", null),
            "failed" when result.Reason != "cancelled" => ("FAIL", string.Join("; ", result.Errors.Select(e =>
                $"{(e.Entity is null ? "" : e.Entity + ": ")}{e.Type}: {e.Message}"))),
            _ => ("ABORT", (string?)null),
        };
        Lineage.Emit(result.RunId, Event(source, result.IngestDate, result.RunId, type) with
        {
            Inputs = Inputs(source, result.IngestDate),
            Outputs = Outputs(source.Name, result),
            ErrorMessage = message is { Length: > 0 } ? message : type == "FAIL" ? result.Reason ?? "failed" : null,
        });
    }

    /// <summary>The run is over: the Pushgateway push, and the queued lineage events (both bounded by their timeouts).</summary>
    public async Task RunEndedAsync(IReadOnlyList<DateOutcome> report, CancellationToken cancellationToken)
    {
        await Pushgateway.PushAsync(Settings, _env, report, _time.GetUtcNow(), _logger, cancellationToken).ConfigureAwait(false);
        if (Lineage is not null)
        {
            await Lineage.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private LineageEvent.Content Event(ISource source, DateOnly date, string runId, string type) => new()
    {
        EventType = type,
        EventTime = _time.GetUtcNow(),
        RunId = runId,
        JobNamespace = Lineage!.Settings.Namespace
            ?? (Environment.GetEnvironmentVariable("OPENLINEAGE_NAMESPACE") is { Length: > 0 } ns ? ns : $"landfall-{_env}"),
        JobName = Lineage.Settings.JobName.Replace("{source}", source.Name, StringComparison.Ordinal),
        NominalStart = StartOf(date),
        NominalEnd = StartOf(date.AddDays(1)),
        Parent = _parent,
    };

    /// <summary>Midnight starting <paramref name="date"/> in the schedule's time zone (a skipped wall time: the first one after it).</summary>
    private DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        while (_zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        return new DateTimeOffset(local, _zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static IReadOnlyList<LineageDataset> Inputs(ISource source, DateOnly date) => source is ILineageInputs named
        ? [.. named.LineageInputs(date).Select(i => new LineageDataset(i.Namespace, i.Name))]
        : [];

    /// <summary>Per entity that landed, its bronze prefix of this run, with what landed there.</summary>
    private List<LineageDataset> Outputs(string source, DateOutcome result)
    {
        var outputs = new List<LineageDataset>();
        foreach (var (entity, totals) in result.EntityTotals)
        {
            var (ns, name) = DatasetOf(BronzeKeys.EntityPrefix(source, entity, result.IngestDate, result.RunId));
            outputs.Add(new LineageDataset(ns, name, totals.Rows, totals.Bytes, totals.Objects));
        }
        return outputs;
    }

    /// <summary>A lake key by OpenLineage's naming: s3://bucket and the key, or file and the absolute path.</summary>
    private (string Namespace, string Name) DatasetOf(string key)
    {
        var uri = (_lake?.UriOf(key) ?? key).TrimEnd('/', '\\');
        if (uri.StartsWith("s3://", StringComparison.Ordinal))
        {
            var slash = uri.IndexOf('/', 5);
            return slash < 0 ? (uri, "") : (uri[..slash], uri[(slash + 1)..]);
        }
        return ("file", Path.IsPathRooted(uri) ? uri : Path.GetFullPath(uri));
    }

    public void Dispose() => Lineage?.Dispose();
}
