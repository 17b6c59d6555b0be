using System.Text.Json.Nodes;

namespace Landfall.Contracts;

/// <summary>
/// What changed between two schemas of an entity: columns added, removed, retyped (from, to), and, where order counts (CSV), the
/// columns both have in a different order. A change of format (csv to jsonl) is named too.
/// </summary>
public sealed record SchemaDiff
{
    /// <summary>Columns that are new.</summary>
    public IReadOnlyList<SchemaColumn> Added { get; init; } = [];

    /// <summary>Columns that are gone.</summary>
    public IReadOnlyList<SchemaColumn> Removed { get; init; } = [];

    /// <summary>Columns whose type changed.</summary>
    public IReadOnlyList<ColumnRetype> Retyped { get; init; } = [];

    /// <summary>Where order counts and the columns both schemas have are in another order: their order before; null otherwise.</summary>
    public IReadOnlyList<string>? OrderBefore { get; init; }

    /// <summary>The order of those columns now; null when not reordered.</summary>
    public IReadOnlyList<string>? OrderAfter { get; init; }

    /// <summary>The format before, when it changed (csv to jsonl); null when it did not.</summary>
    public string? FormatBefore { get; init; }

    /// <summary>The format now, when it changed.</summary>
    public string? FormatAfter { get; init; }

    /// <summary>True when nothing changed.</summary>
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Retyped.Count == 0 && OrderBefore is null && FormatBefore is null;

    /// <summary>The difference from <paramref name="before"/> to <paramref name="after"/>.</summary>
    internal static SchemaDiff Between(DataSchema before, DataSchema after)
    {
        var old = new Dictionary<string, SchemaColumn>(StringComparer.Ordinal);
        foreach (var c in before.Columns)
        {
            old.TryAdd(c.Name, c);
        }
        var now = new Dictionary<string, SchemaColumn>(StringComparer.Ordinal);
        foreach (var c in after.Columns)
        {
            now.TryAdd(c.Name, c);
        }
        var added = after.Columns.Where(c => !old.ContainsKey(c.Name)).ToList();
        var removed = before.Columns.Where(c => !now.ContainsKey(c.Name)).ToList();
        var retyped = after.Columns.Where(c => old.TryGetValue(c.Name, out var o) && !SameType(o.Type, c.Type))
            .Select(c => new ColumnRetype(c.Name, old[c.Name].Type, c.Type)).ToList();
        IReadOnlyList<string>? orderBefore = null;
        IReadOnlyList<string>? orderAfter = null;
        if (before.Ordered && after.Ordered)
        {
            // Only the relative order of the columns both have: a column added in the middle is 'added', not a reordering.
            var common = before.Columns.Select(c => c.Name).Where(now.ContainsKey).ToList();
            var commonNow = after.Columns.Select(c => c.Name).Where(old.ContainsKey).ToList();
            if (!common.SequenceEqual(commonNow, StringComparer.Ordinal))
            {
                (orderBefore, orderAfter) = (common, commonNow);
            }
        }
        var formatChanged = before.Format != after.Format;
        return new SchemaDiff
        {
            Added = added,
            Removed = removed,
            Retyped = retyped,
            OrderBefore = orderBefore,
            OrderAfter = orderAfter,
            FormatBefore = formatChanged ? before.Format : null,
            FormatAfter = formatChanged ? after.Format : null,
        };
    }

    /// <summary>
    /// Whether two recorded types are the same. A JSON key seen only as null in a sample says nothing about its type, so it matches
    /// any type; every other difference counts.
    /// </summary>
    internal static bool SameType(string? a, string? b) => a == b || a == "null" || b == "null";

    /// <summary>The difference in words: <c>added 'discount' (number); retyped 'amount' from number to string</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (FormatBefore is not null)
        {
            parts.Add($"format {FormatBefore} became {FormatAfter}");
        }
        if (Added.Count > 0)
        {
            parts.Add("added " + string.Join(", ", Added.Select(Column)));
        }
        if (Removed.Count > 0)
        {
            parts.Add("removed " + string.Join(", ", Removed.Select(Column)));
        }
        if (Retyped.Count > 0)
        {
            parts.Add("retyped " + string.Join(", ", Retyped.Select(r => $"'{r.Name}' from {r.From ?? "?"} to {r.To ?? "?"}")));
        }
        if (OrderBefore is not null)
        {
            parts.Add($"reordered ({string.Join(", ", OrderBefore)}) to ({string.Join(", ", OrderAfter!)})");
        }
        return parts.Count == 0 ? "no change" : string.Join("; ", parts);
    }

    private static string Column(SchemaColumn c) => c.Type is null ? $"'{c.Name}'" : $"'{c.Name}' ({c.Type})";

    /// <summary>The form manifests record: {added, removed, retyped, reordered?, format?}.</summary>
    internal JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["added"] = Columns(Added),
            ["removed"] = Columns(Removed),
            ["retyped"] = new JsonArray([.. Retyped.Select(r => (JsonNode)new JsonObject { ["name"] = r.Name, ["from"] = r.From, ["to"] = r.To })]),
        };
        if (OrderBefore is not null)
        {
            json["reordered"] = new JsonObject
            {
                ["before"] = new JsonArray([.. OrderBefore.Select(n => (JsonNode)JsonValue.Create(n))]),
                ["after"] = new JsonArray([.. OrderAfter!.Select(n => (JsonNode)JsonValue.Create(n))]),
            };
        }
        if (FormatBefore is not null)
        {
            json["format"] = new JsonObject { ["before"] = FormatBefore, ["after"] = FormatAfter };
        }
        return json;
    }

    private static JsonArray Columns(IReadOnlyList<SchemaColumn> columns) => new([.. columns.Select(c =>
    {
        var o = new JsonObject { ["name"] = c.Name };
        if (c.Type is not null)
        {
            o["type"] = c.Type;
        }
        return (JsonNode)o;
    })]);

    /// <inheritdoc />
    public override string ToString() => Describe();
}
