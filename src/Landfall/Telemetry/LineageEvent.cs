using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Landfall.Telemetry;

/// <summary>One dataset of a run event, by OpenLineage's naming conventions; statistics for an output.</summary>
internal sealed record LineageDataset(string Namespace, string Name, long? Rows = null, long? Bytes = null, int? Files = null);

/// <summary>The orchestrator's run this one belongs to (the <c>parent</c> facet), as Airflow and Dagster integrations pass it.</summary>
internal sealed record LineageParent(string Namespace, string JobName, string RunId)
{
    /// <summary>
    /// From <c>OPENLINEAGE_PARENT_ID</c> (<c>namespace/job/runId</c>, as dbt-ol and the Spark integration read it), else from
    /// <c>OPENLINEAGE_PARENT_JOB_NAMESPACE</c>, <c>OPENLINEAGE_PARENT_JOB_NAME</c> and <c>OPENLINEAGE_PARENT_RUN_ID</c>; null without
    /// a complete one whose run id is a UUID.
    /// </summary>
    public static LineageParent? FromEnvironment()
    {
        if (Environment.GetEnvironmentVariable("OPENLINEAGE_PARENT_ID") is { Length: > 0 } id)
        {
            var first = id.IndexOf('/', StringComparison.Ordinal);
            var last = id.LastIndexOf('/');
            return first > 0 && last > first + 1 && Guid.TryParse(id[(last + 1)..], out _)
                ? new LineageParent(id[..first], id[(first + 1)..last], id[(last + 1)..])
                : null;
        }
        var ns = Environment.GetEnvironmentVariable("OPENLINEAGE_PARENT_JOB_NAMESPACE");
        var name = Environment.GetEnvironmentVariable("OPENLINEAGE_PARENT_JOB_NAME");
        var run = Environment.GetEnvironmentVariable("OPENLINEAGE_PARENT_RUN_ID");
        return !string.IsNullOrEmpty(ns) && !string.IsNullOrEmpty(name) && Guid.TryParse(run, out _) ? new LineageParent(ns, name, run!) : null;
    }
}

/// <summary>
/// An OpenLineage RunEvent (spec 2-0-2) as JSON: run, job with its jobType facet, inputs and outputs, nominalTime, parent and
/// errorMessage facets. Written with Utf8JsonWriter: no reflection, so the natively compiled CLI writes it too.
/// </summary>
internal static class LineageEvent
{
    public const string SchemaUrl = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
    private const string Facets = "https://openlineage.io/spec/facets/";

    public static string Producer { get; } = $"https://github.com/landfall/landfall/tree/v{LandfallVersion.Current.Split('+')[0]}";

    public sealed record Content
    {
        public required string EventType { get; init; }
        public required DateTimeOffset EventTime { get; init; }
        public required string RunId { get; init; }
        public required string JobNamespace { get; init; }
        public required string JobName { get; init; }
        public required DateTimeOffset NominalStart { get; init; }
        public required DateTimeOffset NominalEnd { get; init; }
        public IReadOnlyList<LineageDataset> Inputs { get; init; } = [];
        public IReadOnlyList<LineageDataset> Outputs { get; init; } = [];
        public LineageParent? Parent { get; init; }
        public string? ErrorMessage { get; init; }
    }

    public static byte[] Write(Content e)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("eventType", e.EventType);
            w.WriteString("eventTime", Instant(e.EventTime));
            w.WriteString("producer", Producer);
            w.WriteString("schemaURL", SchemaUrl);

            w.WriteStartObject("run");
            w.WriteString("runId", e.RunId);
            w.WriteStartObject("facets");
            Facet(w, "nominalTime", "1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet");
            w.WriteString("nominalStartTime", Instant(e.NominalStart));
            w.WriteString("nominalEndTime", Instant(e.NominalEnd));
            w.WriteEndObject();
            if (e.Parent is { } parent)
            {
                Facet(w, "parent", "1-1-0/ParentRunFacet.json#/$defs/ParentRunFacet");
                w.WriteStartObject("run");
                w.WriteString("runId", parent.RunId);
                w.WriteEndObject();
                w.WriteStartObject("job");
                w.WriteString("namespace", parent.Namespace);
                w.WriteString("name", parent.JobName);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            if (e.ErrorMessage is { } message)
            {
                Facet(w, "errorMessage", "1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet");
                w.WriteString("message", message);
                w.WriteString("programmingLanguage", "C#");
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartObject("job");
            w.WriteString("namespace", e.JobNamespace);
            w.WriteString("name", e.JobName);
            w.WriteStartObject("facets");
            Facet(w, "jobType", "2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet");
            w.WriteString("processingType", "BATCH");
            w.WriteString("integration", "LANDFALL");
            w.WriteString("jobType", "JOB");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();

            Datasets(w, "inputs", e.Inputs, statistics: false);
            Datasets(w, "outputs", e.Outputs, statistics: true);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void Datasets(Utf8JsonWriter w, string property, IReadOnlyList<LineageDataset> datasets, bool statistics)
    {
        w.WriteStartArray(property);
        foreach (var d in datasets)
        {
            w.WriteStartObject();
            w.WriteString("namespace", d.Namespace);
            w.WriteString("name", d.Name);
            if (statistics && (d.Rows is not null || d.Bytes is not null || d.Files is not null))
            {
                w.WriteStartObject("outputFacets");
                Facet(w, "outputStatistics", "1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet");
                if (d.Rows is { } rows)
                {
                    w.WriteNumber("rowCount", rows);
                }
                if (d.Bytes is { } bytes)
                {
                    w.WriteNumber("size", bytes);
                }
                if (d.Files is { } files)
                {
                    w.WriteNumber("fileCount", files);
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Opens a facet object with the base facet's two required fields.</summary>
    private static void Facet(Utf8JsonWriter w, string name, string schema)
    {
        w.WriteStartObject(name);
        w.WriteString("_producer", Producer);
        w.WriteString("_schemaURL", Facets + schema);
    }

    private static string Instant(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string ToText(byte[] json) => Encoding.UTF8.GetString(json);
}
