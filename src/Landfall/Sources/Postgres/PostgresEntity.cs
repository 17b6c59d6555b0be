using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Landfall.Config;

namespace Landfall.Sources.Postgres;

/// <summary>One entity of a <c>postgres</c> source: a whole table or a query.</summary>
internal sealed partial class PostgresEntity : SourceEntity
{
    /// <summary>The SQL text whose rows are extracted (<c>SELECT * FROM "schema"."table"</c> for a table).</summary>
    public required string Sql { get; init; }

    /// <summary>The table as configured, or null for a query.</summary>
    public string? Table { get; init; }

    /// <summary>
    /// Whether a date must hold at least one row (default false: an empty window is an empty success). With true, an empty window
    /// is not there yet: the run waits, and past the source's deadline records <c>late</c>.
    /// </summary>
    public bool ExpectRows { get; init; }
    /// <summary>SHA-256 (hex) of <see cref="Sql"/>, recorded as <c>sql_sha256</c>.</summary>
    public string SqlSha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    /// <summary>
    /// Whether the rows depend on the date: the SQL uses @ingest_date, @window_start or @window_end. A whole table (or a query using
    /// none of them) is read as it is at the time of the run, so a later read shows its current state, not late rows of a date.
    /// </summary>
    public bool DateScoped => DateParameter().IsMatch(Sql);

    /// <summary>The entity keys of the postgres kind.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["table", "schema", "query", "expect_rows"];

    /// <summary>An entity from its node: exactly one of a table (with an optional schema) or a query.</summary>
    public static PostgresEntity Parse(string name, ConfigNode e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var table = e.OptionalString("table");
        var query = e.OptionalString("query");
        var schema = e.OptionalString("schema");
        if ((table is null) == (query is null))
        {
            throw e.Error("needs exactly one of 'table' or 'query'");
        }
        if (schema is not null && table is null)
        {
            throw e.Required("schema").Error("goes with 'table', not with 'query'");
        }
        string sql;
        if (table is not null)
        {
            sql = "SELECT * FROM " + (schema is null ? "" : QuoteIdentifier(schema) + ".") + QuoteIdentifier(table);
        }
        else
        {
            sql = query!.Trim().TrimEnd(';').TrimEnd();
            if (sql.Length == 0)
            {
                throw e.Required("query").Error("must not be empty");
            }
        }
        return new PostgresEntity
        {
            Name = name,
            Sql = sql,
            Table = table is null ? null : (schema is null ? table : $"{schema}.{table}"),
            ExpectRows = e.Bool("expect_rows", false),
        };
    }

    /// <summary>Quotes an identifier for PostgreSQL, keeping case and any character.</summary>
    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"@(ingest_date|window_start|window_end)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateParameter();
}
