using Npgsql;

namespace Landfall.IntegrationTests.Sources.Postgres;

/// <summary>
/// The real PostgreSQL 15 the test command starts on 127.0.0.1:5433. Found through LANDFALL_PG_CONNECTION
/// (default Host=127.0.0.1;Port=5433;Username=ingest;Password=ingest;Database=ingestdb). Tests create their own uniquely named tables.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>The environment variable the configs written by the tests take the password from (proves ${ENV} secrets work).</summary>
    public const string PasswordVariable = "LANDFALL_PG_IT_PASSWORD";

    public string ConnectionString { get; } = Environment.GetEnvironmentVariable("LANDFALL_PG_CONNECTION")
        ?? "Host=127.0.0.1;Port=5433;Username=ingest;Password=ingest;Database=ingestdb";

    public NpgsqlConnectionStringBuilder Builder => new(ConnectionString);

    /// <summary>The connection string for a config: the password replaced by a reference to <see cref="PasswordVariable"/>.</summary>
    public string ConfigConnectionString(string? host = null, int? port = null)
    {
        var b = Builder;
        b.Password = null;
        if (host is not null)
        {
            b.Host = host;
        }
        if (port is not null)
        {
            b.Port = port.Value;
        }
        return b.ConnectionString + ";Password=${" + PasswordVariable + "}";
    }

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(PasswordVariable, Builder.Password);
        try
        {
            await ExecuteAsync("SELECT 1");
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL answers at {Builder.Host}:{Builder.Port} ({e.Message}). Start one with 'scripts/services/postgres/start.sh' " +
                "(or run ./test.sh, which does), or point LANDFALL_PG_CONNECTION at one.", e);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A fresh table name (lower case, unique per call).</summary>
    public static string NewName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 17, 60)];

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
