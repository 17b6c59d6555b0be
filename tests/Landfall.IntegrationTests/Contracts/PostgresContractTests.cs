using Landfall.IntegrationTests.Sources.Postgres;
using Landfall.Runs;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Contracts;

/// <summary>Schema contracts on the real PostgreSQL: a column added, dropped and retyped between dates, under each mode; a day with a tenth of the rows.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresContractTests(PostgresServer server)
{
    private static readonly DateOnly D1 = new(2026, 1, 8), D2 = new(2026, 1, 9), D3 = new(2026, 1, 10);

    private async Task<(PostgresWorld World, string Table)> WorldAsync(string mode, string extra = "")
    {
        var table = PostgresServer.NewName("contract");
        await server.ExecuteAsync($"CREATE TABLE {table} (id int, amount numeric(10,2), note text)");
        var world = new PostgresWorld(server.ConfigConnectionString(), $"- name: orders\n  table: {table}\n  schema_contract: {mode}{extra}");
        return (world, table);
    }

    private static async Task<RunResult> RunAsync(PostgresWorld world, DateOnly date, bool accept = false)
    {
        var runner = TestHosts.Runner(Landfall.Hosting.ConfigLoader.Load(world.ConfigPath), world.Lake, world.Logs, world.Clock);
        return Assert.Single(await runner.RunDateAsync(date, new RunOptions { AcceptSchema = accept, AcceptedBy = "ana" }, CancellationToken.None));
    }

    private static void AssertSuccess(RunResult result) =>
        Assert.True(result.Status == RunStatus.Success, string.Join("; ", result.Errors.Select(e => $"{e.Type}: {e.Message}")));

    [Fact]
    public async Task Freeze_fails_on_an_added_dropped_and_retyped_column_until_accepted_and_current_skips_the_failed_date()
    {
        var (world, table) = await WorldAsync("freeze");
        using var _ = world;
        await server.ExecuteAsync($"INSERT INTO {table} VALUES (1, 1.5, 'a')");
        AssertSuccess(await RunAsync(world, D1));
        var first = await world.LatestManifestAsync(D1);
        Assert.Equal(64, first.GetProperty("outputs").GetProperty("orders").GetProperty("schema_fingerprint").GetString()!.Length);

        await server.ExecuteAsync($"ALTER TABLE {table} ADD COLUMN discount int, DROP COLUMN note, ALTER COLUMN amount TYPE text");
        var changed = await RunAsync(world, D2);

        Assert.Equal((RunStatus.Failed, "schema_changed"), (changed.Status, changed.Reason));
        Assert.Contains("added 'discount' (integer); removed 'note' (text); retyped 'amount' from numeric(10,2) to text", changed.Errors[0].Message);
        var diff = (await world.LatestManifestAsync(D2)).GetProperty("outputs").GetProperty("orders").GetProperty("schema_change").GetProperty("diff");
        Assert.Equal("numeric(10,2)", diff.GetProperty("retyped")[0].GetProperty("from").GetString());
        using (var host = TestHosts.Host(Landfall.Hosting.ConfigLoader.Load(world.ConfigPath), world.Lake, world.Logs, world.Clock))
        {
            var current = new List<DateOnly>();
            await foreach (var e in host.CurrentAsync(new Landfall.Current.CurrentRequest(), CancellationToken.None))
            {
                current.Add(e.IngestDate);
            }
            Assert.Equal([D1], current);
        }

        var accepted = await RunAsync(world, D2, accept: true);
        var after = await RunAsync(world, D3);

        Assert.Equal(RunStatus.Success, accepted.Status);
        Assert.Equal("ana", (await world.LatestManifestAsync(D2)).GetProperty("accepted")[0].GetProperty("by").GetString());
        Assert.Equal(RunStatus.Success, after.Status);
    }

    [Fact]
    public async Task Warn_and_evolve_succeed_recording_the_change_warn_with_a_warning()
    {
        var (world, table) = await WorldAsync("warn");
        using var _ = world;
        AssertSuccess(await RunAsync(world, D1));
        await server.ExecuteAsync($"ALTER TABLE {table} ADD COLUMN extra bool");
        var warned = await RunAsync(world, D2);
        world.Write(server.ConfigConnectionString(), $"- name: orders\n  table: {table}");
        await server.ExecuteAsync($"ALTER TABLE {table} DROP COLUMN extra");
        var evolved = await RunAsync(world, D3);

        Assert.Equal(RunStatus.Success, warned.Status);
        Assert.Contains("added 'extra' (boolean)", Assert.Single(warned.Warnings).Message);
        Assert.Equal(RunStatus.Success, evolved.Status);
        Assert.Empty(evolved.Warnings);
        Assert.Equal("evolve", (await world.LatestManifestAsync(D3)).GetProperty("outputs").GetProperty("orders").GetProperty("schema_change")
            .GetProperty("mode").GetString());
    }

    [Fact]
    public async Task A_day_with_a_tenth_of_the_usual_rows_fails_its_trailing_expectation()
    {
        var table = PostgresServer.NewName("volume");
        await server.ExecuteAsync($"CREATE TABLE {table} (id int, day date)");
        for (var d = 1; d <= 4; d++)
        {
            await server.ExecuteAsync($"INSERT INTO {table} SELECT g, DATE '2026-01-0{d}' FROM generate_series(1, {(d == 4 ? 10 : 100)}) g");
        }
        using var world = new PostgresWorld(server.ConfigConnectionString(),
            $"- name: orders\n  query: \"SELECT id FROM {table} WHERE day = @ingest_date\"\n  expect:\n    trailing: {{dates: 3, min_dates: 3}}");

        for (var d = 1; d <= 3; d++)
        {
            Assert.Equal(RunStatus.Success, (await RunAsync(world, new DateOnly(2026, 1, d))).Status);
        }
        var low = await RunAsync(world, new DateOnly(2026, 1, 4));

        Assert.Equal((RunStatus.Failed, "expectation_failed"), (low.Status, low.Reason));
        Assert.Contains("trailing: 10 rows, outside 0.5x..2x of the median 100", low.Errors[0].Message);
    }
}
