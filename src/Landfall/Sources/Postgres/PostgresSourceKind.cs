using Landfall.Config;
using Npgsql;
using ParquetSharp;

namespace Landfall.Sources.Postgres;

/// <summary>The <c>postgres</c> kind: tables or queries of one PostgreSQL database, read in one snapshot, written as Parquet.</summary>
public sealed class PostgresSourceKind : ISourceKind
{
    /// <inheritdoc />
    public string Kind => "postgres";

    /// <inheritdoc />
    public IReadOnlyList<string> SourceKeys { get; } =
    [
        "connection_string", "ssl_mode", "connect_timeout", "command_timeout", "timezone", "row_group_rows", "max_file_bytes",
        "compression", "max_attempts",
    ];

    /// <inheritdoc />
    public ISource Create(string name, DateOnly startDate, ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var settings = ParseSettings(node);
        var entities = new List<PostgresEntity>();
        foreach (var e in node.Required("entities").Items())
        {
            e.OnlyKeys("name", "table", "schema", "query");
            var entityName = e.Required("name").AsName();
            if (entities.Any(x => x.Name == entityName))
            {
                throw e.Required("name").Error($"entity '{entityName}' is defined twice");
            }
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
                sql = "SELECT * FROM " + (schema is null ? "" : PostgresEntity.QuoteIdentifier(schema) + ".") + PostgresEntity.QuoteIdentifier(table);
            }
            else
            {
                sql = query!.Trim().TrimEnd(';').TrimEnd();
                if (sql.Length == 0)
                {
                    throw e.Required("query").Error("must not be empty");
                }
            }
            entities.Add(new PostgresEntity { Name = entityName, Sql = sql, Table = table is null ? null : (schema is null ? table : $"{schema}.{table}") });
        }
        if (entities.Count == 0)
        {
            throw node.Required("entities").Error("must list at least one entity");
        }
        return new PostgresSource(name, startDate, settings, entities);
    }

    private static PostgresSettings ParseSettings(ConfigNode node)
    {
        var csNode = node.Required("connection_string");
        var connectionString = csNode.AsString();
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            // The exception's message may quote the password: say only which rule was broken.
            throw csNode.Error("is not a valid Npgsql connection string (expected Host=...;Port=...;Database=...;Username=...;Password=...)");
        }
        var sslNode = node.Child("ssl_mode");
        var ssl = SslMode.Prefer;
        if (sslNode is not null)
        {
            ssl = sslNode.AsString().ToLowerInvariant() switch
            {
                "disable" => SslMode.Disable,
                "allow" => SslMode.Allow,
                "prefer" => SslMode.Prefer,
                "require" => SslMode.Require,
                "verify-ca" or "verify_ca" => SslMode.VerifyCA,
                "verify-full" or "verify_full" => SslMode.VerifyFull,
                var other => throw sslNode.Error($"'{other}' is not a TLS mode; expected one of: disable, allow, prefer, require, verify-ca, verify-full"),
            };
        }
        var tzNode = node.Child("timezone");
        var tz = TimeZoneInfo.Utc;
        if (tzNode is not null)
        {
            var id = tzNode.AsString();
            try
            {
                tz = TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw tzNode.Error($"'{id}' is not a known time zone (use an IANA name such as Europe/Paris or UTC)");
            }
        }
        var compNode = node.Child("compression");
        var compName = compNode?.AsString().ToLowerInvariant() ?? "zstd";
        var compression = compName switch
        {
            "zstd" => Compression.Zstd,
            "snappy" => Compression.Snappy,
            "gzip" => Compression.Gzip,
            "none" => Compression.Uncompressed,
            _ => throw compNode!.Error($"'{compName}' is not a compression; expected one of: zstd, snappy, gzip, none"),
        };
        return new PostgresSettings
        {
            ConnectionString = connectionString,
            SslMode = ssl,
            ConnectTimeoutSeconds = node.Number("connect_timeout", 15, 1, 3600),
            CommandTimeoutSeconds = node.Number("command_timeout", 3600, 0, 7 * 24 * 3600),
            TimeZone = tz,
            RowGroupRows = node.Number("row_group_rows", 65_536, 1, 10_000_000),
            MaxFileBytes = node.Number("max_file_bytes", 256 * 1024 * 1024, 1024, int.MaxValue),
            Compression = compression,
            CompressionName = compName,
            MaxAttempts = node.Number("max_attempts", 3, 1, 20),
        };
    }
}
