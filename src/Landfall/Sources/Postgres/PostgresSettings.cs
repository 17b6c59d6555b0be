using Landfall.Config;
using Npgsql;
using ParquetSharp;

namespace Landfall.Sources.Postgres;

/// <summary>The source-level settings of a <c>postgres</c> source; defaults are documented in docs/sources/postgres.md.</summary>
internal sealed class PostgresSettings
{
    public static readonly DurationSetting ConnectTimeoutSetting = new("connect_timeout", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
    public static readonly DurationSetting CommandTimeoutSetting = new("command_timeout", TimeSpan.FromHours(1), TimeSpan.Zero, TimeSpan.FromDays(7));
    public static readonly DurationSetting StallTimeoutSetting = new("stall_timeout", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
    public static readonly IntSetting RowGroupRowsSetting = new("row_group_rows", 65_536, 1, 10_000_000);
    public static readonly IntSetting MaxFileBytesSetting = new("max_file_bytes", 256 * 1024 * 1024, 1024, int.MaxValue);
    public static readonly IntSetting MaxAttemptsSetting = new("max_attempts", 3, 1, 20);

    /// <summary>The source-level config keys of the kind.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "connection_string", "ssl_mode", ConnectTimeoutSetting.Key, CommandTimeoutSetting.Key, StallTimeoutSetting.Key, "timezone", RowGroupRowsSetting.Key,
        MaxFileBytesSetting.Key, "compression", MaxAttemptsSetting.Key,
    ];

    /// <summary>The Npgsql connection string after <c>${ENV}</c> substitution; holds the password, so never logged.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>TLS mode (disable, allow, prefer, require, verify-ca, verify-full). Default prefer.</summary>
    public SslMode SslMode { get; init; } = SslMode.Prefer;

    /// <summary>How long to wait for a connection. Default 15 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = ConnectTimeoutSetting.DefaultValue;

    /// <summary>How long one statement may run (server statement_timeout; 0 = no limit). Default 1 h.</summary>
    public TimeSpan CommandTimeout { get; init; } = CommandTimeoutSetting.DefaultValue;

    /// <summary>
    /// How long a statement may go with no row arriving and its backend not seen working on it (a stalled connection) before the
    /// connection is dropped. Default 60 s.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = StallTimeoutSetting.DefaultValue;
    /// <summary>The zone @window_start and @window_end are computed in. Default UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Rows per Parquet row group. Default 65536 (two row groups are buffered: one filling, one encoding).</summary>
    public int RowGroupRows { get; init; } = RowGroupRowsSetting.Default;

    /// <summary>A new Parquet file is started once a file reaches this size. Default 256 MiB.</summary>
    public long MaxFileBytes { get; init; } = MaxFileBytesSetting.Default;

    /// <summary>Parquet compression. Default zstd (level 1).</summary>
    public Compression Compression { get; init; } = Compression.Zstd;

    /// <summary>zstd level. Default 1: measured smaller and cheaper than level 3 on the benchmark table (docs/benchmarks.md).</summary>
    public int CompressionLevel { get; init; } = 1;

    /// <summary>The compression's name as configured (for the manifest).</summary>
    public string CompressionName { get; init; } = "zstd";

    /// <summary>Attempts to connect and open the snapshot before failing (1 = no retry). Default 3.</summary>
    public int MaxAttempts { get; init; } = MaxAttemptsSetting.Default;

    /// <summary>The connection string Landfall actually uses: the user's, with application_name, TLS and timeouts applied.</summary>
    public NpgsqlConnectionStringBuilder Build()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            ApplicationName = "landfall",
            SslMode = SslMode,
            Timeout = (int)Math.Ceiling(ConnectTimeout.TotalSeconds),
            // The server's statement_timeout cancels long statements with a clear error; the client timeout is a backstop for a dead
            // network, so it is longer.
            CommandTimeout = CommandTimeout == TimeSpan.Zero ? 0 : (int)Math.Ceiling(CommandTimeout.TotalSeconds) + 30,
            Pooling = false,
            // A dead peer is found by the OS too; a stalled one (a proxy that keeps the socket open) by PostgresLiveness.
            TcpKeepAlive = true,
            // After a cancellation (a stall), how long the statement may take to stop before the connection is broken.
            CancellationTimeout = 2000,
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

    /// <summary>Reads and validates the source-level keys of a <c>postgres</c> source.</summary>
    public static PostgresSettings Parse(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
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
        var tz = node.Child("timezone") is { } tzNode ? ConfigTimeZone.Parse(tzNode) : TimeZoneInfo.Utc;
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
            ConnectTimeout = node.Get(ConnectTimeoutSetting),
            CommandTimeout = node.Get(CommandTimeoutSetting),
            StallTimeout = node.Get(StallTimeoutSetting),
            TimeZone = tz,
            RowGroupRows = node.Get(RowGroupRowsSetting),
            MaxFileBytes = node.Get(MaxFileBytesSetting),
            Compression = compression,
            CompressionName = compName,
            MaxAttempts = node.Get(MaxAttemptsSetting),
        };
    }
}
