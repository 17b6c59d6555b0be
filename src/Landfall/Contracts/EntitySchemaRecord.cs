using System.Text.Json;
using System.Text.Json.Nodes;
using Landfall.Manifests;

namespace Landfall.Contracts;

/// <summary>
/// An entity's schema for one date, as its manifest records it. For file entities with a format, the entity's schema is the one its
/// objects share; objects of one date that disagree are themselves a change: the schema most of them have (the first object's on a
/// tie) is the entity's, and each other object is named with how it differs. Objects whose format could not be read are named with
/// why. A postgres entity's schema is its result columns (<c>columns</c>: name and pg_type).
/// </summary>
internal sealed class EntitySchemaRecord
{
    /// <summary>The manifest field of an entity's schema block (file kinds) and of every object's.</summary>
    public const string Field = "schema";

    /// <summary>The manifest field with the entity's schema fingerprint (every kind).</summary>
    public const string FingerprintField = "schema_fingerprint";

    private const int MaxListed = 50;

    /// <summary>The entity's schema, when one could be read.</summary>
    public DataSchema? Schema { get; init; }

    /// <summary>Objects whose schema differs from the entity's, with the difference in words.</summary>
    public IReadOnlyList<(string Object, string Change)> Disagreeing { get; init; } = [];

    /// <summary>Objects whose format could not be read, with why.</summary>
    public IReadOnlyList<(string Object, string Problem)> Unreadable { get; init; } = [];

    /// <summary>How many disagreeing or unreadable objects the manifest counts beyond those it names.</summary>
    public int NotListed { get; init; }

    /// <summary>Whether the date has anything to compare or to report.</summary>
    public bool HasAnything => Schema is not null || Disagreeing.Count > 0 || Unreadable.Count > 0;

    /// <summary>Whether the objects of the date disagree or could not be read: a change within the date.</summary>
    public bool Inconsistent => Disagreeing.Count > 0 || Unreadable.Count > 0;

    /// <summary>
    /// The entity block of a date's objects, each with the schema read as it streamed (in manifest order): the schema most share,
    /// the others named. Null when no object had a format to read (every object empty).
    /// </summary>
    public static JsonObject? Aggregate(string format, IReadOnlyList<(string Object, ObjectSchema Read)> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var readable = objects.Where(o => o.Read.Schema is not null).ToList();
        var unreadable = objects.Where(o => o.Read.Schema is null && !o.Read.Empty).ToList();
        if (readable.Count == 0 && unreadable.Count == 0)
        {
            return null;
        }
        JsonObject block;
        if (readable.Count > 0)
        {
            var groups = readable.GroupBy(o => o.Read.Schema!.Fingerprint).ToList();
            var top = groups.OrderByDescending(g => g.Count()).ThenBy(g => readable.FindIndex(o => o.Read.Schema!.Fingerprint == g.Key)).First();
            var schema = top.First().Read.Schema!;
            block = schema.ToJson();
            block["objects"] = top.Count();
            var others = readable.Where(o => o.Read.Schema!.Fingerprint != schema.Fingerprint).ToList();
            if (others.Count > 0)
            {
                block["disagreeing"] = new JsonArray([.. others.Take(MaxListed).Select(o =>
                {
                    var diff = SchemaDiff.Between(schema, o.Read.Schema!);
                    return (JsonNode)new JsonObject
                    {
                        ["object"] = o.Object,
                        ["fingerprint"] = o.Read.Schema!.Fingerprint,
                        ["change"] = diff.Describe(),
                        ["diff"] = diff.ToJson(),
                    };
                })]);
            }
        }
        else
        {
            block = new JsonObject { ["format"] = format };
        }
        if (unreadable.Count > 0)
        {
            block["unreadable"] = new JsonArray([.. unreadable.Take(MaxListed).Select(o =>
                (JsonNode)new JsonObject { ["object"] = o.Object, ["problem"] = o.Read.Problem })]);
        }
        var notListed = Math.Max(0, readable.Count - (block["objects"]?.GetValue<int>() ?? 0) - MaxListed) + Math.Max(0, unreadable.Count - MaxListed);
        if (notListed > 0)
        {
            block["not_listed"] = notListed;
        }
        return block;
    }

    /// <summary>The schema an entity's manifest block records, or an empty record when it records none.</summary>
    public static EntitySchemaRecord From(EntityOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var extra = output.Extra;
        if (extra is null)
        {
            return new EntitySchemaRecord();
        }
        if (extra.TryGetValue(Field, out var block) && block.ValueKind == JsonValueKind.Object)
        {
            return new EntitySchemaRecord
            {
                Schema = DataSchema.FromJson(block),
                Disagreeing = Pairs(block, "disagreeing", "change"),
                Unreadable = Pairs(block, "unreadable", "problem"),
                NotListed = block.TryGetProperty("not_listed", out var n) && n.TryGetInt32(out var count) ? count : 0,
            };
        }
        if (extra.TryGetValue("columns", out var columns) && columns.ValueKind == JsonValueKind.Array)
        {
            var list = new List<SchemaColumn>();
            foreach (var c in columns.EnumerateArray())
            {
                if (c.ValueKind != JsonValueKind.Object || !c.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    return new EntitySchemaRecord();
                }
                list.Add(new SchemaColumn(name.GetString()!,
                    c.TryGetProperty("pg_type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null));
            }
            return new EntitySchemaRecord { Schema = new DataSchema("postgres", list) };
        }
        return new EntitySchemaRecord();
    }

    private static List<(string, string)> Pairs(JsonElement block, string list, string field)
    {
        var pairs = new List<(string, string)>();
        if (block.TryGetProperty(list, out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("object", out var o) && o.ValueKind == JsonValueKind.String)
                {
                    pairs.Add((o.GetString()!, item.TryGetProperty(field, out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : ""));
                }
            }
        }
        return pairs;
    }
}
