namespace Landfall.Sources.Postgres;

/// <summary>One entity of a <c>postgres</c> source: a whole table or a query.</summary>
internal sealed class PostgresEntity
{
    /// <summary>The entity name (lake keys, manifest).</summary>
    public required string Name { get; init; }

    /// <summary>The SQL text whose rows are extracted (<c>SELECT * FROM "schema"."table"</c> for a table).</summary>
    public required string Sql { get; init; }

    /// <summary>The table as configured, or null for a query.</summary>
    public string? Table { get; init; }

    /// <summary>Quotes an identifier for PostgreSQL, keeping case and any character.</summary>
    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
