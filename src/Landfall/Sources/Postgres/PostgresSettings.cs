using Npgsql;
using ParquetSharp;

namespace Landfall.Sources.Postgres;

/// <summary>The source-level settings of a <c>postgres</c> source; defaults are documented in docs/sources/postgres.md.</summary>
internal sealed class PostgresSettings
{
    /// <summary>The Npgsql connection string after <c>${ENV}</c> substitution; holds the password, so never logged.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>TLS mode (disable, allow, prefer, require, verify-ca, verify-full). Default prefer.</summary>
    public SslMode SslMode { get; init; } = SslMode.Prefer;

    /// <summary>Seconds to wait for a connection. Default 15.</summary>
    public int ConnectTimeoutSeconds { get; init; } = 15;

    /// <summary>Seconds one statement may run (server statement_timeout; 0 = no limit). Default 3600.</summary>
    public int CommandTimeoutSeconds { get; init; } = 3600;

    /// <summary>The zone @window_start and @window_end are computed in. Default UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Rows per Parquet row group. Default 65536 (two row groups are buffered: one filling, one encoding).</summary>
    public int RowGroupRows { get; init; } = 65_536;

    /// <summary>A new Parquet file is started once a file reaches this size. Default 256 MiB.</summary>
    public long MaxFileBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Parquet compression. Default zstd (level 1).</summary>
    public Compression Compression { get; init; } = Compression.Zstd;

    /// <summary>zstd level. Default 1: measured smaller and cheaper than level 3 on the benchmark table (docs/benchmarks.md).</summary>
    public int CompressionLevel { get; init; } = 1;

    /// <summary>The compression's name as configured (for the manifest).</summary>
    public string CompressionName { get; init; } = "zstd";

    /// <summary>Attempts to connect and open the snapshot before failing (1 = no retry). Default 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The connection string Landfall actually uses: the user's, with application_name, TLS and timeouts applied.</summary>
    public NpgsqlConnectionStringBuilder Build()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            ApplicationName = "landfall",
            SslMode = SslMode,
            Timeout = ConnectTimeoutSeconds,
            // The server's statement_timeout cancels long statements with a clear error; the client timeout is a backstop for a dead
            // network, so it is longer.
            CommandTimeout = CommandTimeoutSeconds == 0 ? 0 : CommandTimeoutSeconds + 30,
            Pooling = false,
        };
        return builder;
    }

    /// <summary>Where the source is, for logs and messages: host, port, database and user; never the password.</summary>
    public string Describe()
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"{b.Username}@{b.Host}:{b.Port}/{b.Database}";
        }
        catch (ArgumentException)
        {
            return "(unparsable connection string)";
        }
    }

    /// <summary>Removes the password (and the whole connection string) from a message that might echo them.</summary>
    public string Redact(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = message.Replace(ConnectionString, "(connection string)", StringComparison.Ordinal);
        string? password = null;
        try
        {
            password = new NpgsqlConnectionStringBuilder(ConnectionString).Password;
        }
        catch (ArgumentException)
        {
        }
        if (!string.IsNullOrEmpty(password))
        {
            result = result.Replace(password, "***", StringComparison.Ordinal);
        }
        return result;
    }
}
