using Landfall.Runs;

namespace Landfall.IntegrationTests.Sources.Postgres;

/// <summary>
/// <c>expect_rows: true</c> on the real server: an empty window is data that is not loaded yet, not an empty success. Today is
/// 2026-01-11 06:00 UTC (fake clock): 2026-01-10 is due by the end of 2026-01-11, 2026-01-09 was due by the end of 2026-01-10.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresExpectRowsTests(PostgresServer server)
{
    [Fact]
    public async Task An_empty_window_waits_before_the_deadline_is_late_after_it_and_lands_once_the_rows_are_loaded()
    {
        var table = PostgresServer.NewName("loads");
        await server.ExecuteAsync($"CREATE TABLE {table} (id int, day date)");
        var query = $"SELECT id FROM {table} WHERE day = @ingest_date ORDER BY id";
        using var world = new PostgresWorld(server.ConfigConnectionString(), $"- name: loads\n  query: \"{query}\"\n  expect_rows: true");

        var waiting = await world.RunAsync(PostgresWorld.Day);
        var late = await world.RunAsync(PostgresWorld.Day.AddDays(-1));

        Assert.Equal((RunStatus.Waiting, "no_rows_yet"), (waiting.Status, waiting.Reason));
        Assert.Null(waiting.ManifestKey);
        Assert.Contains("expect_rows: true", waiting.Errors[0].Message);
        Assert.Equal((RunStatus.Failed, "late"), (late.Status, late.Reason));
        Assert.StartsWith("no_rows_yet: ", late.Errors[0].Message);

        await server.ExecuteAsync($"INSERT INTO {table} VALUES (1, '2026-01-10'), (2, '2026-01-10'), (3, '2026-01-09')");
        var loaded = await world.RunAsync(PostgresWorld.Day);

        Assert.True(loaded.Status == RunStatus.Success, string.Join("; ", loaded.Errors.Select(e => $"{e.Type}: {e.Message}")));
        var manifest = await world.LatestManifestAsync();
        Assert.Equal(2, manifest.GetProperty("outputs").GetProperty("loads").GetProperty("rows_counted").GetInt64());
    }

    [Fact]
    public async Task Without_expect_rows_an_empty_window_is_an_empty_success()
    {
        var table = PostgresServer.NewName("quiet");
        await server.ExecuteAsync($"CREATE TABLE {table} (id int, day date)");
        using var world = new PostgresWorld(server.ConfigConnectionString(),
            $"- name: quiet\n  query: \"SELECT id FROM {table} WHERE day = @ingest_date\"");

        var result = await world.RunAsync();

        Assert.Equal(RunStatus.Success, result.Status);
        Assert.True((await world.LatestManifestAsync()).GetProperty("outputs").GetProperty("quiet").GetProperty("empty").GetBoolean());
    }
}
