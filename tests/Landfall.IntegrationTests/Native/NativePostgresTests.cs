using System.Security.Cryptography;
using DuckDB.NET.Data;
using Landfall.IntegrationTests.Sources.Postgres;

namespace Landfall.IntegrationTests.Native;

/// <summary>
/// The natively compiled CLI against a real PostgreSQL: the same Parquet, value by value and type by type, and a manifest of the
/// same shape as the managed CLI's, for a table with every mapped type (native code has no reflection to fall back on).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NativePostgresTests(PostgresServer server)
{
    [Fact]
    public async Task The_native_CLI_writes_the_same_Parquet_and_manifest_as_the_managed_CLI()
    {
        var table = await PostgresTypesTests.CreateEveryTypeTableAsync(server);
        using var native = new PostgresWorld(server.ConfigConnectionString(), $"- name: everything\n  table: {table}");
        using var managed = new PostgresWorld(server.ConfigConnectionString(), $"- name: everything\n  table: {table}");
        const string day = "2026-01-10";

        var run = await NativeCli.RunAsync(native.Folder, "run", "--config", native.ConfigPath, "--date", day, "--json");
        var reference = await NativeCli.RunManagedAsync(managed.Folder, "run", "--config", managed.ConfigPath, "--date", day, "--json");

        Assert.True(run.Code == 0, run.Text);
        Assert.True(reference.Code == 0, reference.Text);
        Assert.Equal("success", run.Json()[0].GetProperty("status").GetString());
        var manifest = await native.LatestManifestAsync();
        var expected = await managed.LatestManifestAsync();
        Assert.Equal(NativeCli.Shape(expected), NativeCli.Shape(manifest));
        var output = manifest.GetProperty("outputs").GetProperty("everything");
        Assert.Equal(4, output.GetProperty("rows_written").GetInt64());
        Assert.Equal(4, output.GetProperty("rows_counted").GetInt64());
        Assert.Equal(expected.GetProperty("outputs").GetProperty("everything").GetProperty("columns").GetRawText(),
            output.GetProperty("columns").GetRawText());
        var file = Assert.Single(PostgresWorld.ObjectPaths(manifest, "everything", native.Lake.Root));
        var reference_file = Assert.Single(PostgresWorld.ObjectPaths(expected, "everything", managed.Lake.Root));
        var obj = Assert.Single(output.GetProperty("objects").EnumerateArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file))), obj.GetProperty("sha256").GetString());

        Assert.Equal(await ReadAsync($"DESCRIBE SELECT * FROM read_parquet('{reference_file}', hive_partitioning = false)"),
            await ReadAsync($"DESCRIBE SELECT * FROM read_parquet('{file}', hive_partitioning = false)"));
        var rows = await ReadAsync($"SELECT COLUMNS(*)::VARCHAR FROM read_parquet('{file}', hive_partitioning = false) ORDER BY 1");
        Assert.Equal(4, rows.Count);
        Assert.Equal(await ReadAsync($"SELECT COLUMNS(*)::VARCHAR FROM read_parquet('{reference_file}', hive_partitioning = false) ORDER BY 1"), rows);

        // Reading it back (landfall verify re-reads each object and counts the Parquet rows) works natively too.
        var verify = await NativeCli.RunAsync(native.Folder, "verify", "--config", native.ConfigPath, "--json");
        Assert.True(verify.Code == 0, verify.Text);
        Assert.True(verify.Json().GetProperty("ok").GetBoolean(), verify.Text);
    }

    private static async Task<List<string>> ReadAsync(string sql)
    {
        await using var duck = new DuckDBConnection("DataSource=:memory:");
        await duck.OpenAsync();
        await using var command = duck.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetValue(i)?.ToString())));
        }
        return rows;
    }
}
