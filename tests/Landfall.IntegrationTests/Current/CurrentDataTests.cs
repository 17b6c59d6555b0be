using System.Text.Json;
using DuckDB.NET.Data;
using Landfall.Lake.Local;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Current;

/// <summary>
/// What downstream readers get: <c>landfall current</c> lists only the current run's objects, and the exported object table, read by
/// an independent reader (DuckDB), has exactly the current objects under is_current, never a failed or superseded run's.
/// </summary>
public sealed class CurrentDataTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
    private readonly TestWorld _world;

    public CurrentDataTests()
    {
        _world = new TestWorld(new LocalFolderLake(_root), $"lake:\n  kind: local\n  path: {_root}\n");
    }

    public void Dispose()
    {
        _world.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>
    /// 01-01..01-03 ingested; 01-02 re-run with --force (the first run superseded); alpha's 01-03 re-run with --force after its file
    /// was moved away (a failed run after a success: its earlier success stays current, the date is not complete).
    /// </summary>
    private async Task HistoryAsync()
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(3));
        Assert.Equal(0, (await _world.CliAsync("run", "--from", "2026-01-01", "--to", "2026-01-03")).ExitCode);
        _world.Drop("alpha", TestWorld.D(2), "part-2.csv", "id\n2\n");
        Assert.Equal(0, (await _world.CliAsync("run", "--date", "2026-01-02", "--force")).ExitCode);
        var folder = Path.Combine(_world.Folder, "drop", "alpha", "2026-01-03");
        Directory.Move(folder, folder + ".away");
        Assert.Equal(1, (await _world.CliAsync("run", "--date", "2026-01-03", "--source", "alpha", "--force")).ExitCode);
    }

    [Fact]
    public async Task Current_lists_the_objects_of_each_dates_newest_success_with_the_dates_status_beside_it()
    {
        await HistoryAsync();

        var json = await _world.CliAsync("current", "--json");
        var paths = await _world.CliAsync("current", "--source", "alpha", "--format", "paths");
        var csv = await _world.CliAsync("current", "--format", "csv", "--from", "2026-01-02", "--to", "2026-01-02");

        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Out);
        var entries = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(6, entries.Count);
        foreach (var entry in entries)
        {
            var source = entry.GetProperty("source").GetString()!;
            var date = DateOnly.Parse(entry.GetProperty("ingest_date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var manifests = await _world.Store().AllAsync(source, date, CancellationToken.None);
            var newestSuccess = manifests.Where(m => m.IsSuccess).OrderByDescending(m => m.Info.LastModified).First();
            Assert.Equal(newestSuccess.RunId, entry.GetProperty("run_id").GetString());
            var expected = newestSuccess.TryBind()!.Outputs["items"].Objects.Select(o => Path.Combine(_root, o.Key));
            Assert.Equal(expected, entry.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("uri").GetString()));
        }
        var failedAfter = entries.Single(e => e.GetProperty("source").GetString() == "alpha" && e.GetProperty("ingest_date").GetString() == "2026-01-03");
        Assert.Equal("failed", failedAfter.GetProperty("date_status").GetString());
        Assert.False(failedAfter.GetProperty("complete").GetBoolean());
        Assert.Equal(4, paths.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // alpha: 1 + 2 (01-02 forced) + 1
        Assert.All(paths.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), p => Assert.True(File.Exists(p), p));
        Assert.StartsWith("source,entity,ingest_date,date_status,run_id,uri,bytes,sha256,rows\n", csv.Out);
        Assert.Equal(1 + 3, csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task The_exported_object_table_read_by_duckdb_has_exactly_the_current_objects_and_their_totals()
    {
        await HistoryAsync();
        var file = Path.Combine(_world.Folder, "objects.parquet");

        var export = await _world.CliAsync("export", "--out", file, "--json");

        Assert.True(export.ExitCode == 0, export.Error);
        await using var duck = new DuckDBConnection("Data Source=:memory:");
        await duck.OpenAsync();
        async Task<List<object?[]>> QueryAsync(string sql)
        {
            await using var command = duck.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<object?[]>();
            while (await reader.ReadAsync())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }
                rows.Add(row);
            }
            return rows;
        }
        var current = await QueryAsync($"SELECT source, strftime(ingest_date, '%Y-%m-%d'), run_id, count(*), CAST(sum(bytes) AS BIGINT) FROM '{file}' " +
            "WHERE is_current GROUP BY ALL ORDER BY 1, 2");
        Assert.Equal(6, current.Count);
        foreach (var row in current)
        {
            var date = DateOnly.Parse((string)row[1]!, System.Globalization.CultureInfo.InvariantCulture);
            var latest = (await _world.Store().AllAsync((string)row[0]!, date, CancellationToken.None))
                .Where(m => m.IsSuccess).OrderByDescending(m => m.Info.LastModified).First();
            var totals = latest.TryBind()!.Outputs["items"].Totals;
            Assert.Equal(latest.RunId, row[2]);
            Assert.Equal((long)totals.Objects, Convert.ToInt64(row[3], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(totals.Bytes, Convert.ToInt64(row[4], System.Globalization.CultureInfo.InvariantCulture));
        }
        // The superseded first runs of 01-02 are in the object table, never current; no failed run is ever current.
        var superseded = await QueryAsync($"SELECT count(*) FROM '{file}' WHERE ingest_date = DATE '2026-01-02' AND NOT is_current");
        Assert.Equal(2L, Convert.ToInt64(superseded[0][0], System.Globalization.CultureInfo.InvariantCulture));
        var failedCurrent = await QueryAsync($"SELECT count(*) FROM '{file}' WHERE is_current AND status <> 'success'");
        Assert.Equal(0L, Convert.ToInt64(failedCurrent[0][0], System.Globalization.CultureInfo.InvariantCulture));
    }
}
