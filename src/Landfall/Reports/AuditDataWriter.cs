using System.Text.Encodings.Web;
using System.Text.Json;
using Landfall.Layout;
using Landfall.Manifests;

namespace Landfall.Reports;

/// <summary>
/// The report's data block: every reported audit trail as JSON, streamed source by source. The encoder is
/// <see cref="JavaScriptEncoder.Default"/>, which escapes &lt; &gt; &amp; ' " + ` and every non-ASCII character
/// (U+2028 and U+2029 included), so the text can sit inside an HTML script element whatever the manifests hold.
/// </summary>
internal static class AuditDataWriter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.Default, Indented = false };

    private static string D(DateOnly date) => ManifestKeys.FormatDate(date);

    public static async Task WriteAsync(Stream stream, AuditReport report, CancellationToken cancellationToken)
    {
        var json = new Utf8JsonWriter(stream, JsonOptions);
        await using var disposeJson = json.ConfigureAwait(false);
        json.WriteStartObject();
        json.WriteString("env", report.Env);
        json.WriteString("lake", report.Lake);
        json.WriteString("from", D(report.From));
        json.WriteString("to", D(report.To));
        json.WriteString("last_complete_date", D(report.LastCompleteDate));
        WriteDate(json, "complete_through", report.CompleteThrough);
        json.WriteNumber("objects_per_entity", report.ObjectsPerEntity);
        json.WriteStartObject("labels");
        foreach (var status in AuditCellStatusNames.All)
        {
            json.WriteString(AuditCellStatusNames.Word(status), AuditCellStatusNames.Label(status));
        }
        json.WriteEndObject();
        json.WriteStartArray("sources");
        foreach (var source in report.Sources)
        {
            json.WriteStartObject();
            json.WriteString("name", source.Name);
            json.WriteString("kind", source.Kind);
            json.WriteBoolean("configured", source.Configured);
            WriteDate(json, "start_date", source.StartDate);
            WriteDate(json, "complete_through", source.CompleteThrough);
            json.WriteStartObject("trails");
            foreach (var cell in source.Cells.Where(c => c.Trail.Count > 0))
            {
                json.WriteStartArray(D(cell.Date));
                foreach (var manifest in cell.Trail)
                {
                    WriteManifest(json, manifest);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteManifest(Utf8JsonWriter json, AuditManifest m)
    {
        json.WriteStartObject();
        json.WriteString("key", m.Key);
        json.WriteString("run_id", m.RunId);
        json.WriteBoolean("readable", m.Readable);
        Optional(json, "status", m.Status);
        Optional(json, "reason", m.UnreadableReason);
        Optional(json, "problem", m.Problem);
        json.WriteString("last_modified", ManifestFormat.FormatInstant(m.LastModified));
        WriteInstant(json, "started_at", m.StartedAt);
        WriteInstant(json, "ended_at", m.EndedAt);
        WriteNumber(json, "duration_ms", m.DurationMs);
        Optional(json, "host", m.Host);
        Optional(json, "landfall_version", m.LandfallVersion);
        json.WriteNumber("objects", m.ObjectCount);
        json.WriteNumber("bytes", m.Bytes);
        Optional(json, "reingest_reason", m.Reason);
        if (m.Supersedes is { } sup)
        {
            json.WriteStartObject("supersedes");
            json.WriteString("run_id", sup.RunId);
            json.WriteString("key", sup.Key);
            json.WriteEndObject();
        }
        json.WriteStartArray("passed_over");
        foreach (var p in m.PassedOver)
        {
            json.WriteStartObject();
            json.WriteString("key", p.Key);
            json.WriteString("reason", p.Reason);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("entities_not_run");
        foreach (var e in m.EntitiesNotRun)
        {
            json.WriteStringValue(e);
        }
        json.WriteEndArray();
        json.WriteStartArray("errors");
        foreach (var e in m.Errors)
        {
            json.WriteStartObject();
            Optional(json, "entity", e.Entity);
            json.WriteString("type", e.Type);
            json.WriteString("message", e.Message);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (m.Warnings.Count > 0)
        {
            json.WriteStartArray("warnings");
            foreach (var w in m.Warnings)
            {
                json.WriteStartObject();
                Optional(json, "entity", w.Entity);
                json.WriteString("type", w.Type);
                json.WriteString("message", w.Message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteStartArray("outputs");
        foreach (var (entity, output) in m.Outputs)
        {
            json.WriteStartObject();
            json.WriteString("entity", entity);
            json.WriteNumber("objects", output.Totals.Objects);
            json.WriteNumber("bytes", output.Totals.Bytes);
            WriteNumber(json, "rows", output.Totals.Rows);
            json.WriteBoolean("empty", output.Empty == true);
            WriteExtra(json, output.Extra);
            json.WriteStartArray("items");
            foreach (var o in output.Objects)
            {
                json.WriteStartObject();
                json.WriteString("key", o.Key);
                json.WriteNumber("bytes", o.Bytes);
                Optional(json, "sha256", o.Sha256);
                Optional(json, "etag", o.Etag);
                WriteNumber(json, "rows", o.Rows);
                Optional(json, "source_path", o.SourcePath);
                WriteInstant(json, "source_modified_at", o.SourceModifiedAt);
                WriteExtra(json, o.Extra);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (m.ObjectsNotListed.TryGetValue(entity, out var notListed))
            {
                json.WriteNumber("items_not_listed", notListed);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Source-specific facts, re-encoded value by value (never copied raw), so the escaping applies to them too.</summary>
    private static void WriteExtra(Utf8JsonWriter json, Dictionary<string, JsonElement>? extra)
    {
        if (extra is null || extra.Count == 0)
        {
            return;
        }
        json.WriteStartObject("extra");
        foreach (var (name, value) in extra)
        {
            json.WritePropertyName(name);
            value.WriteTo(json);
        }
        json.WriteEndObject();
    }

    private static void WriteDate(Utf8JsonWriter json, string name, DateOnly? date)
    {
        if (date is { } d)
        {
            json.WriteString(name, D(d));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    // Absent values are left out (the script reads them as undefined): a year of manifests is a big file.
    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteInstant(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, ManifestFormat.FormatInstant(v));
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }
}
