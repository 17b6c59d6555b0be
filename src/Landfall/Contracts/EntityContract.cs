using System.Globalization;
using Landfall.Config;

namespace Landfall.Contracts;

/// <summary>
/// An entity's contract, the same keys for every kind: what a schema change does (<c>schema_contract</c>), from which date a new schema is
/// expected (<c>accept_schema_from</c>), and the volume and shape it must have (<c>expect</c>).
/// </summary>
internal sealed class EntityContract
{
    /// <summary>The entity keys of a contract.</summary>
    public static IReadOnlyList<string> Keys { get; } = [ModeKey, "accept_schema_from", "expect"];

    /// <summary>
    /// The key of the schema mode. Not <c>schema</c>: a postgres entity has had <c>schema</c> (the table's PostgreSQL schema) since
    /// 0.1.0, and one key must mean one thing for every kind (dlt names the same setting <c>schema_contract</c>).
    /// </summary>
    public const string ModeKey = "schema_contract";

    /// <summary>The keys of <c>expect</c>.</summary>
    public static IReadOnlyList<string> ExpectKeys { get; } = [.. Expectation.Kinds.Select(k => k.Key), "trailing"];

    /// <summary>No contract beyond recording: schema evolve, no expectation.</summary>
    public static EntityContract Default { get; } = new();

    public SchemaMode Schema { get; init; } = SchemaMode.Evolve;

    /// <summary>A change compared with a date before this one is accepted on the first date on or after it.</summary>
    public DateOnly? AcceptSchemaFrom { get; init; }

    /// <summary>Where <see cref="AcceptSchemaFrom"/> is in the config, for the manifest's record of who accepted.</summary>
    public string? AcceptSchemaFromPath { get; init; }

    public IReadOnlyList<Expectation> Expectations { get; init; } = [];

    public TrailingCheck? Trailing { get; init; }

    /// <summary>Whether any expectation or the trailing check reads rows.</summary>
    public bool NeedsRows => Expectations.Any(e => e.Metric == ExpectationMetric.Rows) || Trailing?.Metric == ExpectationMetric.Rows;

    /// <summary>Reads the contract keys of one entity node; <paramref name="countsRows"/> says whether the entity records rows.</summary>
    public static EntityContract Parse(ConfigNode entity, bool countsRows)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var mode = SchemaMode.Evolve;
        if (entity.Child(ModeKey) is { } s && !Words.TryParse(s.AsString(), out mode))
        {
            throw s.Error($"'{s.AsString()}' is not a schema mode; expected evolve, warn or freeze");
        }
        var acceptNode = entity.Child("accept_schema_from");
        var expectations = new List<Expectation>();
        TrailingCheck? trailing = null;
        if (entity.Child("expect") is { } expect)
        {
            expect.OnlyKeys([.. ExpectKeys]);
            foreach (var (key, metric, isMin) in Expectation.Kinds)
            {
                if (expect.Child(key) is { } node)
                {
                    var (bound, level) = ParseBound(node);
                    RowsKnown(node, metric, countsRows, key);
                    expectations.Add(new Expectation(key, metric, bound, isMin, level));
                }
            }
            if (expect.Child("trailing") is { } t)
            {
                trailing = TrailingCheck.Parse(t);
                RowsKnown(t, trailing.Metric, countsRows, "trailing");
            }
            if (expectations.Count == 0 && trailing is null)
            {
                throw expect.Error($"give at least one of: {string.Join(", ", ExpectKeys)}; or leave expect out");
            }
            var min = expectations.FirstOrDefault(e => e.Name == "min_rows");
            var max = expectations.FirstOrDefault(e => e.Name == "max_rows");
            if (min is not null && max is not null && min.Bound > max.Bound)
            {
                throw expect.Required("max_rows").Error($"{max.Bound} is below min_rows {min.Bound}");
            }
        }
        return new EntityContract
        {
            Schema = mode,
            AcceptSchemaFrom = acceptNode?.AsDate(),
            AcceptSchemaFromPath = acceptNode?.Path,
            Expectations = expectations,
            Trailing = trailing,
        };
    }

    /// <summary>A level key (<c>warn</c> or <c>fail</c>, default fail).</summary>
    internal static ExpectationLevel ParseLevel(ConfigNode? node)
    {
        if (node is null)
        {
            return ExpectationLevel.Fail;
        }
        return Words.TryParse(node.AsString(), out ExpectationLevel level)
            ? level
            : throw node.Error($"'{node.AsString()}' is not a level; expected fail or warn");
    }

    /// <summary>A bound as a number (level fail) or as <c>{value: N, level: warn}</c>.</summary>
    private static (long Bound, ExpectationLevel Level) ParseBound(ConfigNode node)
    {
        if (node.IsScalar)
        {
            return (Whole(node), ExpectationLevel.Fail);
        }
        node.OnlyKeys("value", "level");
        return (Whole(node.Required("value")), ParseLevel(node.Child("level")));
    }

    private static long Whole(ConfigNode node)
    {
        var text = node.AsString().Trim();
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw node.Error($"'{text}' is not a whole number of 0 or more");
    }

    private static void RowsKnown(ConfigNode node, ExpectationMetric metric, bool countsRows, string key)
    {
        if (metric == ExpectationMetric.Rows && !countsRows)
        {
            throw node.Error($"{key} needs rows, and this entity's rows are not known: its files are copied as bytes (format: raw). " +
                "Set format: csv, jsonl or parquet on the entity, or expect bytes or objects instead");
        }
    }
}
