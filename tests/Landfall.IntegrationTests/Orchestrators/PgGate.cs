using System.Globalization;
using Npgsql;

namespace Landfall.IntegrationTests.Orchestrators;

/// <summary>
/// Holds the advisory locks that a <see cref="FanOutWorld"/>'s PostgreSQL query waits on, one per date: while a date is closed, a
/// run of (pg, that date) stays in the middle of its date, claim taken and renewed, its query waiting in the server. Tells when a
/// run is waiting there (pg_locks), so that a test acts on a run that is provably mid-date.
/// </summary>
public sealed class PgGate : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly int _key;
    private readonly HashSet<DateOnly> _closed = [];
    private readonly SemaphoreSlim _one = new(1, 1); // one command at a time on the connection (tests wait on several dates at once)

    private PgGate(NpgsqlConnection connection, int key)
    {
        _connection = connection;
        _key = key;
    }

    public static async Task<PgGate> CloseAsync(OrchestratorServers servers, FanOutWorld world, params DateOnly[] dates)
    {
        var gate = new PgGate(await servers.Postgres.OpenAsync(), world.GateKey);
        foreach (var date in dates)
        {
            await gate.ExecAsync($"SELECT pg_advisory_lock({world.GateKey}, {Id(date)})");
            gate._closed.Add(date);
        }
        return gate;
    }

    /// <summary>Waits until a run's query waits on <paramref name="date"/>'s lock, and returns how many wait there.</summary>
    public async Task<int> WaitUntilBlockedAsync(DateOnly date, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var waiting = Convert.ToInt32(await ExecAsync(
                $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = {_key} AND objid = {Id(date)}"),
                CultureInfo.InvariantCulture);
            if (waiting > 0)
            {
                return waiting;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no run of (pg, {FanOutWorld.Day(date)}) reached its query within {timeout}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Lets the waiting (and every later) run of <paramref name="date"/> through.</summary>
    public async Task OpenAsync(DateOnly date)
    {
        if (_closed.Remove(date))
        {
            await ExecAsync($"SELECT pg_advisory_unlock({_key}, {Id(date)})");
        }
    }

    private async Task<object?> ExecAsync(string sql)
    {
        await _one.WaitAsync();
        try
        {
            await using var command = new NpgsqlCommand(sql, _connection);
            return await command.ExecuteScalarAsync();
        }
        finally
        {
            _one.Release();
        }
    }

    private static int Id(DateOnly date) => int.Parse(date.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _one.Dispose();
    }
}
