using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Landfall.Contracts;

/// <summary>
/// The schema of what landed: a format and its columns. Column order counts only where the format makes it count (CSV: columns are
/// read by position); elsewhere columns are compared by name. The fingerprint is the SHA-256 of that canonical form, so two dates
/// with equal fingerprints have equal schemas.
/// </summary>
internal sealed class DataSchema
{
    public DataSchema(string format, IReadOnlyList<SchemaColumn> columns)
    {
        Format = format;
        Columns = columns;
        Fingerprint = ComputeFingerprint(format, columns, Ordered);
    }

    /// <summary>postgres, csv, jsonl or parquet.</summary>
    public string Format { get; }

    public IReadOnlyList<SchemaColumn> Columns { get; }

    /// <summary>Whether column order is part of the schema (CSV).</summary>
    public bool Ordered => IsOrdered(Format);

    /// <summary>Lower-case hex SHA-256 of the canonical form.</summary>
    public string Fingerprint { get; }

    public static bool IsOrdered(string format) => format == "csv";

    /// <summary>{format, fingerprint, columns: [{name, type}]}, the form manifests record.</summary>
    public JsonObject ToJson()
    {
        var columns = new JsonArray();
        foreach (var c in Columns)
        {
            var column = new JsonObject { ["name"] = c.Name };
            if (c.Type is not null)
            {
                column["type"] = c.Type;
            }
            columns.Add((JsonNode)column);
        }
        return new JsonObject { ["format"] = Format, ["fingerprint"] = Fingerprint, ["columns"] = columns };
    }

    /// <summary>A schema recorded by <see cref="ToJson"/>, or null when <paramref name="element"/> is not one.</summary>
    public static DataSchema? FromJson(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
            || !element.TryGetProperty("columns", out var columns) || columns.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var list = new List<SchemaColumn>();
        foreach (var c in columns.EnumerateArray())
        {
            if (c.ValueKind != JsonValueKind.Object || !c.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                return null;
            }
            var type = c.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            list.Add(new SchemaColumn(name.GetString()!, type));
        }
        return new DataSchema(format.GetString()!, list);
    }

    private static string ComputeFingerprint(string format, IReadOnlyList<SchemaColumn> columns, bool ordered)
    {
        var text = new StringBuilder(format).Append('\n');
        IEnumerable<SchemaColumn> canonical = ordered ? columns : columns.OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var c in canonical)
        {
            // Names and types cannot hold both separators unescaped in a way that collides: lengths are written too.
            text.Append(c.Name.Length).Append(':').Append(c.Name).Append('\t').Append(c.Type ?? "").Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
