using Landfall.IntegrationTests.Sources.Postgres;
using Landfall.Lake;
using Landfall.Runs;
using Xunit.Abstractions;

namespace Landfall.IntegrationTests.Faults;

/// <summary>
/// Issue 27: PostgreSQL behind a <see cref="FaultProxy"/>. Resets at random byte counts made 5 of 10 runs fail with connection_lost
/// before; a broken read is now extracted again within the run (a new snapshot). A stalled connection is found by stall_timeout and
/// the backend liveness probe, and the date is extracted again on a new connection.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresFaultTests(PostgresServer server, ITestOutputHelper output) : FaultSuite(output), IAsyncLifetime
{
    private static readonly DateOnly First = new(2026, 1, 1);
    private FaultProxy _proxy = null!;
    private PostgresWorld _world = null!;
    private string _table = "";

    protected override string Target => "PostgreSQL";

    public async Task InitializeAsync()
    {
        _table = PostgresServer.NewName("faults");
        // About 2.5 MB on the wire per read: long enough for faults to fall inside it.
        await server.ExecuteAsync($"CREATE TABLE {_table} AS SELECT g AS id, md5(g::text) AS h FROM generate_series(1, 50000) g");
        _proxy = new FaultProxy(server.Builder.Host!, server.Builder.Port, new FaultPlan());
        _world = new PostgresWorld(Connection(_proxy), Entities, Extra);
    }

    private string Entities => $"- name: t\n  table: {_table}";

    // Deadlines small enough for a test: a stall is dropped after 2 s without rows or work.
    private const string Extra = "max_attempts: 5\nstall_timeout: 2s\nconnect_timeout: 2s\nrow_group_rows: 5000";

    private string Connection(FaultProxy proxy) => server.ConfigConnectionString(host: "127.0.0.1", port: proxy.Port);

    public async Task DisposeAsync()
    {
        _world.Dispose();
        await _proxy.DisposeAsync();
    }

    protected override async Task<(RunResult Result, ILake Lake)> RunDateAsync(DateOnly date) => (await _world.RunAsync(date), _world.Lake);

    [Fact]
    public async Task Resets_and_stalls_of_the_database_connection_are_recovered_within_the_run_and_no_success_names_a_bad_object()
    {
        var deadline = TimeSpan.FromSeconds(120);
        _proxy.Plan = new FaultPlan(ResetRate: 0.5, MaxBytes: 1_500_000, Seed: 2711);
        var resets = await RunAllAsync("resets", _proxy, Dates(0, 10), deadline);

        // A proxy whose first connection stalls: the run's own connection, midway through the read.
        await using var stalling = new FaultProxy(server.Builder.Host!, server.Builder.Port,
            new FaultPlan(StallFirst: 1, MinBytes: 200_000, MaxBytes: 1_500_000, Seed: 2712));
        _world.Write(Connection(stalling), Entities, Extra);
        var stalls = await RunAllAsync("stalls", stalling, Dates(10, 1), deadline);

        Assert.True(resets.Cut > 0, "the proxy cut no connection");
        Assert.True(resets.Recovered > 0, "no run recovered from a reset within the run");
        Assert.Equal(1, stalls.Stalled);
        Assert.Equal(1, stalls.Succeeded);
        Assert.NotEmpty(_world.Logs.Named("pg_stalled"));
        Assert.NotEmpty(_world.Logs.Named("extraction_retry"));
        Assert.True(stalls.Longest < TimeSpan.FromSeconds(30), $"the stalled run took {stalls.Longest}");
    }

    private static IEnumerable<DateOnly> Dates(int skip, int count) => Enumerable.Range(skip, count).Select(i => First.AddDays(i));
}
