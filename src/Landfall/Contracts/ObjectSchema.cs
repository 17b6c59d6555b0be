using System.Text.Json.Nodes;

namespace Landfall.Contracts;

/// <summary>
/// What was read of one object's format as it streamed: its schema, its rows, or why it could not be read. Bronze is the object's bytes
/// either way; this is evidence beside it.
/// </summary>
/// <param name="Format">csv, jsonl or parquet.</param>
/// <param name="Schema">The columns, when they could be read.</param>
/// <param name="Rows">Data rows (CSV records after the header, non-blank JSON lines, Parquet num_rows), when counted.</param>
/// <param name="Problem">Why the schema could not be read (a header longer than the cap, a footer that is not Parquet's), or null.</param>
internal sealed record ObjectSchema(string Format, DataSchema? Schema, long? Rows, string? Problem)
{
    /// <summary>True for an object with no bytes (or no data after decompression): it has no schema, and that is not a change.</summary>
    public bool Empty { get; init; }

    /// <summary>gzip when the bytes were gzip-compressed; null otherwise.</summary>
    public string? Compression { get; init; }

    /// <summary>What the reading had to leave out or assume (a sample cut short, a header without a newline).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The object's <c>schema</c> block in the manifest.</summary>
    public JsonObject ToJson()
    {
        var json = Schema?.ToJson() ?? new JsonObject { ["format"] = Format };
        if (Compression is not null)
        {
            json["compression"] = Compression;
        }
        if (Empty)
        {
            json["empty"] = true;
        }
        if (Problem is not null)
        {
            json["problem"] = Problem;
        }
        if (Notes.Count > 0)
        {
            json["notes"] = new JsonArray([.. Notes.Select(n => (JsonNode)JsonValue.Create(n))]);
        }
        return json;
    }
}
