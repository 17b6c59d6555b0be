using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using Landfall.Runs;
using Landfall.Progress;
using Landfall.Sources;

namespace Landfall.IntegrationTests.Sources.Postgres;

/// <summary>Queries with the date as bound parameters, one snapshot for all entities, several objects per entity.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresExtractionTests(PostgresServer server)
{
    [Fact]
    public async Task A_query_sees_the_date_as_parameters_in_the_configured_time_zone()
    {
        var table = PostgresServer.NewName("events");
        // Paris is UTC+1 in January: 2026-01-10 local is [2026-01-09 23:00Z, 2026-01-10 23:00Z).
        await server.ExecuteAsync($"""
            CREATE TABLE {table} (id int, at timestamptz, day date);
            INSERT INTO {table} VALUES
              (1, '2026-01-09 22:59:59+00', '2026-01-09'), (2, '2026-01-09 23:00:00+00', '2026-01-10'),
              (3, '2026-01-10 22:59:59+00', '2026-01-10'), (4, '2026-01-10 23:00:00+00', '2026-01-11');
            """);
        var query = $"SELECT id, @ingest_date AS d FROM {table} WHERE at >= @window_start AND at < @window_end ORDER BY id";
        using var world = new PostgresWorld(server.ConfigConnectionString(), $"- name: events\n  query: \"{query}\"", "timezone: Europe/Paris");

        var result = await world.RunAsync();

        Assert.True(result.Status == RunStatus.Success, string.Join("; ", result.Errors.Select(e => $"{e.Type}: {e.Message}")));
        var manifest = await world.LatestManifestAsync();
        var output = manifest.GetProperty("outputs").GetProperty("events");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query))), output.GetProperty("sql_sha256").GetString());
        Assert.Equal(2, output.GetProperty("rows_counted").GetInt64());
        var file = Assert.Single(PostgresWorld.ObjectPaths(manifest, "events", world.Lake.Root));
        Assert.Equal(["2:2026-01-10", "3:2026-01-10"], await DuckRowsAsync(file, "SELECT id::VARCHAR || ':' || d::VARCHAR FROM {f} ORDER BY id"));
    }

    [Fact]
    public async Task Every_entity_of_a_run_is_read_in_one_read_only_repeatable_read_snapshot()
    {
        var table = PostgresServer.NewName("snap");
        await server.ExecuteAsync($"CREATE TABLE {table} AS SELECT g AS id FROM generate_series(1, 10) g");
        const string session = "SELECT current_setting('transaction_isolation') AS iso, current_setting('transaction_read_only') AS ro, " +
            "current_setting('application_name') AS app, txid_current_if_assigned() AS xid";
        using var world = new PostgresWorld(server.ConfigConnectionString(),
            $"- name: first\n  table: {table}\n- name: settings\n  query: \"{session}\"");

        var result = await world.RunAsync();

        Assert.True(result.Status == RunStatus.Success, string.Join("; ", result.Errors.Select(e => $"{e.Type}: {e.Message}")));
        var manifest = await world.LatestManifestAsync();
        var first = manifest.GetProperty("outputs").GetProperty("first");
        var second = manifest.GetProperty("outputs").GetProperty("settings");
        Assert.Matches(@"^\d+:\d+:", first.GetProperty("snapshot").GetString());
        Assert.Equal(first.GetProperty("snapshot").GetString(), second.GetProperty("snapshot").GetString());
        Assert.StartsWith("15", first.GetProperty("server_version").GetString(), StringComparison.Ordinal);
        var file = Assert.Single(PostgresWorld.ObjectPaths(manifest, "settings", world.Lake.Root));
        Assert.Equal(["repeatable read|on|landfall"], await DuckRowsAsync(file, "SELECT iso || '|' || ro || '|' || app FROM {f}"));
    }

    [Fact]
    public async Task Rows_stream_into_several_objects_each_recorded_with_its_rows_size_and_hash()
    {
        var table = PostgresServer.NewName("many");
        await server.ExecuteAsync($"CREATE TABLE {table} AS SELECT g AS id, md5(g::text) AS \"Hash Value\" FROM generate_series(1, 20000) g");
        using var world = new PostgresWorld(server.ConfigConnectionString(), $"- name: many\n  table: {table}",
            "row_group_rows: 1000\nmax_file_bytes: 100000\ncompression: snappy");
        var progress = new RunProgress();

        var result = await world.RunAsync(progress: progress);

        Assert.True(result.Status == RunStatus.Success, string.Join("; ", result.Errors.Select(e => $"{e.Type}: {e.Message}")));
        var manifest = await world.LatestManifestAsync();
        var output = manifest.GetProperty("outputs").GetProperty("many");
        var objects = output.GetProperty("objects").EnumerateArray().ToList();
        Assert.True(objects.Count > 2, $"expected several objects, got {objects.Count}");
        Assert.Equal(20000, objects.Sum(o => o.GetProperty("rows").GetInt64()));
        Assert.Equal(20000, output.GetProperty("rows_written").GetInt64());
        // Live progress: rows against the count(*), objects and bytes as they landed.
        var entity = Assert.Single(progress.Snapshot());
        Assert.Equal((20000L, 20000L, (long)objects.Count), (entity.Rows, entity.RowsTotal!.Value, entity.Objects));
        Assert.Equal(objects.Sum(o => o.GetProperty("bytes").GetInt64()), entity.Bytes);
        var paths = PostgresWorld.ObjectPaths(manifest, "many", world.Lake.Root);
        for (var i = 0; i < objects.Count; i++)
        {
            var bytes = await File.ReadAllBytesAsync(paths[i]);
            Assert.Equal(bytes.Length, objects[i].GetProperty("bytes").GetInt64());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), objects[i].GetProperty("sha256").GetString());
            var rows = await DuckRowsAsync(paths[i], "SELECT count(*)::VARCHAR FROM {f}");
            Assert.Equal(objects[i].GetProperty("rows").GetInt64().ToString(CultureInfo.InvariantCulture), Assert.Single(rows));
        }
        var all = "[" + string.Join(", ", paths.Select(p => $"'{p}'")) + "]";
        Assert.Equal(["20000|20000|200010000"],
            await DuckRowsAsync(all, "SELECT count(*)::VARCHAR || '|' || count(DISTINCT \"Hash Value\")::VARCHAR || '|' || sum(id)::VARCHAR FROM {f}"));
    }

    [Fact]
    public async Task Check_reports_the_server_and_the_columns_written_as_text_without_reading_rows()
    {
        var table = PostgresServer.NewName("chk");
        await server.ExecuteAsync($"CREATE TABLE {table} (id int, addr inet)");
        using var world = new PostgresWorld(server.ConfigConnectionString(), $"- name: t\n  table: {table}");
        var source = Assert.Single(Landfall.Hosting.ConfigLoader.Load(world.ConfigPath).Sources);

        var findings = await source.CheckAsync(new SourceCheckContext([PostgresWorld.Day], world.Logs.CreateLogger("check"), world.Clock),
            CancellationToken.None);

        Assert.Equal(["connection:ok", "t:warning"], findings.Select(f => $"{f.Subject}:{f.Status.ToWord()}"));
        Assert.Contains("PostgreSQL 15", findings[0].Detail, StringComparison.Ordinal);
        Assert.Contains("addr (inet)", findings[1].Detail, StringComparison.Ordinal);

        using var bad = new PostgresWorld(server.ConfigConnectionString(port: 1), $"- name: t\n  table: {table}");
        var refused = await Assert.Single(Landfall.Hosting.ConfigLoader.Load(bad.ConfigPath).Sources)
            .CheckAsync(new SourceCheckContext([PostgresWorld.Day], bad.Logs.CreateLogger("check"), bad.Clock), CancellationToken.None);
        Assert.Equal(CheckStatus.Error, Assert.Single(refused).Status);
    }

    internal static async Task<List<string>> DuckRowsAsync(string fileOrList, string sql)
    {
        var source = fileOrList.StartsWith('[') ? fileOrList : $"'{fileOrList}'";
        await using var duck = new DuckDBConnection("DataSource=:memory:");
        await duck.OpenAsync();
        await using var command = duck.CreateCommand();
        command.CommandText = sql.Replace("{f}", $"read_parquet({source}, hive_partitioning = false)", StringComparison.Ordinal);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
