using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using DuckDB.NET.Data;
using Landfall.Runs;
using Npgsql;

namespace Landfall.IntegrationTests.Sources.Postgres;

/// <summary>
/// Every mapped type, read back from the written Parquet by an independent reader (DuckDB) and compared value by value and type
/// by type with what PostgreSQL returns for the same rows.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTypesTests(PostgresServer server)
{
    // name, PostgreSQL type, three row values (SQL literals), the type DuckDB must see, and how each side renders the value for
    // comparison ({c} = the quoted column). Timestamps and dates compare as epoch numbers, so ±infinity stay distinct.
    private sealed record Col(string Name, string PgType, string[] Values, string DuckType, string PgExpr = "{c}", string DuckExpr = "{c}");

    private const string TsPg = "CASE WHEN isfinite({c}) THEN ((extract(epoch from {c}) * 1000000)::bigint)::text ELSE {c}::text END";
    private const string TsDuck = "CASE WHEN isinf({c}) THEN {c}::VARCHAR ELSE epoch_us({c})::VARCHAR END";

    private static readonly Col[] Columns =
    [
        new("small", "smallint", ["1", "-32768", "32767"], "SMALLINT"),
        new("Int Col", "integer", ["42", "-2147483648", "2147483647"], "INTEGER"),
        new("big", "bigint", ["7", "-9223372036854775808", "9223372036854775807"], "BIGINT"),
        new("money2", "numeric(12,2)", ["1.50", "-9999999999.99", "0.01"], "DECIMAL(12,2)"),
        new("n9", "numeric(9,4)", ["12345.6789", "-0.0001", "0"], "DECIMAL(9,4)"),
        new("wide", "numeric(28,10)", ["123.4567890123", "-999999999999999999.9999999999", "0"], "DECIMAL(28,10)"),
        new("anynum", "numeric", ["1.5", "123456789012345678901234567890.123456789012345", "'NaN'"], "VARCHAR", "{c}::text"),
        new("huge", "numeric(40,5)", ["1", "12345678901234567890123456789012345.12345", "-0.00001"], "VARCHAR", "{c}::text"),
        new("r", "real", ["1.25", "'Infinity'", "-3.4e38"], "FLOAT"),
        new("d", "double precision", ["0.1", "'-Infinity'", "1.7976931348623157e308"], "DOUBLE"),
        new("b", "boolean", ["true", "false", "true"], "BOOLEAN"),
        new("t", "text", ["'hello'", "'日本語 ☃ 😀 ''quoted'' \\ back'", "''"], "VARCHAR"),
        new("vc", "varchar(20)", ["'abc'", "'é'", "' '"], "VARCHAR"),
        new("ch", "char(5)", ["'ab'", "'abcde'", "'€'"], "VARCHAR"),
        new("u", "uuid", ["'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "'00000000-0000-0000-0000-000000000000'", "'ffffffff-ffff-ffff-ffff-ffffffffffff'"], "UUID"),
        new("dt", "date", ["'2026-01-10'", "'infinity'", "'-infinity'"], "DATE",
            "CASE WHEN isfinite({c}) THEN ({c} - DATE '1970-01-01')::text ELSE {c}::text END",
            "CASE WHEN isinf({c}) THEN {c}::VARCHAR ELSE ({c} - DATE '1970-01-01')::VARCHAR END"),
        new("tm", "time", ["'13:45:30.123456'", "'00:00:00'", "'23:59:59.999999'"], "TIME"),
        new("ts", "timestamp", ["'2026-01-10 12:34:56.789012'", "'infinity'", "'1900-01-01 00:00:00'"], "TIMESTAMP", TsPg, TsDuck),
        // Year 1 is a real instant, distinct from -infinity (Npgsql's DateTime would make them both DateTime.MinValue).
        new("ts1", "timestamp", ["'0001-01-01 00:00:00'", "'-infinity'", "'0001-01-01 00:00:00.000001'"], "TIMESTAMP", TsPg, TsDuck),
        new("tstz1", "timestamptz", ["'0001-01-01 00:00:00+00'", "'infinity'", "'294000-01-01 00:00:00+00'"], "TIMESTAMP WITH TIME ZONE", TsPg, TsDuck),
        new("tstz", "timestamptz", ["'2026-01-10 12:34:56.789012+02'", "'-infinity'", "'2262-04-11 23:47:16.854775+00'"],
            "TIMESTAMP WITH TIME ZONE", TsPg, TsDuck),
        new("iv", "interval", ["'1 year 2 mons 3 days 04:05:06.5'", "'-1 day'", "'0'"], "VARCHAR", "{c}::text"),
        new("by", "bytea", ["'\\x00ff10'", "''", "'\\xdeadbeef'"], "BLOB"),
        new("js", "json", ["'{\"a\": [1, 2], \"ü\": null}'", "'[]'", "'\"x\"'"], "JSON", "{c}::text"),
        new("jb", "jsonb", ["'{\"b\": 1, \"a\": \"☃\"}'", "'{}'", "'null'"], "JSON", "{c}::text"),
        new("mood", "{enum}", ["'sad'", "'happy ☺'", "'ok'"], "VARCHAR", "{c}::text"),
        new("ia", "integer[]", ["'{1,2,NULL}'", "'{}'", "'{-2147483648}'"], "INTEGER[]"),
        new("sa", "smallint[]", ["'{1}'", "'{}'", "'{NULL}'"], "SMALLINT[]"),
        new("ba", "bigint[]", ["'{9223372036854775807,1}'", "'{}'", "NULL"], "BIGINT[]"),
        new("ra", "real[]", ["'{1.5,NULL}'", "'{}'", "'{0}'"], "FLOAT[]"),
        new("da", "double precision[]", ["'{0.1,2.5}'", "'{}'", "'{NaN}'"], "DOUBLE[]"),
        new("boa", "boolean[]", ["'{t,f,NULL}'", "'{}'", "'{f}'"], "BOOLEAN[]"),
        new("ta", "text[]", ["'{\"a b\",NULL,\"日本\"}'", "'{}'", "'{\"\"}'"], "VARCHAR[]"),
        new("ua", "uuid[]", ["'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,NULL,00000000-0000-0000-0000-000000000001}'", "'{}'", "'{NULL}'"], "UUID[]"),
        new("na", "numeric[]", ["'{1.5,123456789012345678901234567890}'", "'{}'", "'{NULL}'"], "VARCHAR[]", "{c}::text[]"),
        new("dta", "date[]", ["'{2026-01-10,infinity}'", "'{}'", "'{NULL}'"], "VARCHAR[]", "{c}::text[]"),
        new("tsa", "timestamptz[]", ["'{\"2026-01-10 10:00:00+00\"}'", "'{}'", "'{-infinity}'"], "VARCHAR[]", "{c}::text[]"),
        new("ip", "inet", ["'192.168.0.1/24'", "'::1'", "'10.0.0.1'"], "VARCHAR", "{c}::text"),
    ];

    /// <summary>A new table with a column of every mapped type, three rows of edge values and a row of NULLs.</summary>
    internal static async Task<string> CreateEveryTypeTableAsync(PostgresServer server)
    {
        var table = PostgresServer.NewName("types");
        var mood = table + "_mood";
        await server.ExecuteAsync($"CREATE TYPE {mood} AS ENUM ('sad', 'ok', 'happy ☺')");
        var defs = string.Join(", ", Columns.Select(c => $"{Q(c.Name)} {c.PgType.Replace("{enum}", mood, StringComparison.Ordinal)}"));
        await server.ExecuteAsync($"CREATE TABLE {table} (\"Row Id\" int, {defs})");
        var names = string.Join(", ", Columns.Select(c => Q(c.Name)));
        for (var row = 0; row < 3; row++)
        {
            await server.ExecuteAsync($"INSERT INTO {table} (\"Row Id\", {names}) VALUES ({row + 1}, {string.Join(", ", Columns.Select(c => c.Values[row]))})");
        }
        await server.ExecuteAsync($"INSERT INTO {table} (\"Row Id\") VALUES (4)"); // NULL in every column
        return table;
    }

    [Fact]
    public async Task Every_mapped_type_reads_back_from_Parquet_as_PostgreSQL_returns_it()
    {
        var table = await CreateEveryTypeTableAsync(server);
        using var world = new PostgresWorld(server.ConfigConnectionString(), $"- name: everything\n  table: {table}");
        var result = await world.RunAsync();
        Assert.True(result.Status == RunStatus.Success, string.Join("; ", result.Errors.Select(e => $"{e.Type}: {e.Message}")));
        var manifest = await world.LatestManifestAsync();
        var output = manifest.GetProperty("outputs").GetProperty("everything");
        var extra = output;
        Assert.Equal(4, extra.GetProperty("rows_written").GetInt64());
        Assert.Equal(4, extra.GetProperty("rows_counted").GetInt64());
        var textForm = extra.GetProperty("text_form_columns").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Equal(["ip"], textForm);
        var files = PostgresWorld.ObjectPaths(manifest, "everything", world.Lake.Root);
        var obj = Assert.Single(output.GetProperty("objects").EnumerateArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(files[0]))), obj.GetProperty("sha256").GetString());
        Assert.Equal(new FileInfo(files[0]).Length, obj.GetProperty("bytes").GetInt64());
        Assert.Equal(4, obj.GetProperty("rows").GetInt64());

        // What PostgreSQL returns (settings as documented: UTC, ISO intervals, exact floats).
        var expected = new List<string[]>();
        await using (var connection = await server.OpenAsync())
        {
            await using (var set = new NpgsqlCommand("SET TimeZone = 'UTC'; SET IntervalStyle = 'iso_8601'; SET extra_float_digits = 3", connection))
            {
                await set.ExecuteNonQueryAsync();
            }
            var select = string.Join(", ", Columns.Select(c => c.PgExpr.Replace("{c}", Q(c.Name), StringComparison.Ordinal)));
            await using var command = new NpgsqlCommand($"SELECT \"Row Id\", {select} FROM {table} ORDER BY 1", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                expected.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Normalize(PgValue(reader, i))).ToArray());
            }
        }

        // What DuckDB reads from the Parquet file.
        var actual = new List<string[]>();
        var types = new Dictionary<string, string>();
        await using (var duck = new DuckDBConnection("DataSource=:memory:"))
        {
            await duck.OpenAsync();
            var from = $"read_parquet('{files[0]}', hive_partitioning = false)";
            await using (var describe = duck.CreateCommand())
            {
                describe.CommandText = $"DESCRIBE SELECT * FROM {from}";
                await using var r = await describe.ExecuteReaderAsync();
                while (await r.ReadAsync())
                {
                    types[r.GetString(0)] = r.GetString(1);
                }
            }
            await using var command = duck.CreateCommand();
            var select = string.Join(", ", Columns.Select(c => c.DuckExpr.Replace("{c}", Q(c.Name), StringComparison.Ordinal)));
            command.CommandText = $"SELECT \"Row Id\", {select} FROM {from} ORDER BY 1";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                actual.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Normalize(DuckValue(reader, i, types.GetValueOrDefault(reader.GetName(i), "")))).ToArray());
            }
        }

        Assert.Equal("INTEGER", types["Row Id"]);
        foreach (var c in Columns)
        {
            Assert.True(types[c.Name] == c.DuckType || (c.DuckType == "JSON" && types[c.Name] == "VARCHAR"),
                $"column {c.Name} ({c.PgType}): DuckDB sees {types[c.Name]}, expected {c.DuckType}");
        }
        Assert.Equal(expected.Count, actual.Count);
        for (var row = 0; row < expected.Count; row++)
        {
            for (var i = 0; i < expected[row].Length; i++)
            {
                var name = i == 0 ? "Row Id" : Columns[i - 1].Name;
                Assert.True(expected[row][i] == actual[row][i],
                    $"row {row + 1}, column {name}: PostgreSQL {expected[row][i]}, Parquet {actual[row][i]}");
            }
        }
    }

    [Fact]
    public async Task A_table_without_rows_lands_as_one_Parquet_object_with_its_schema()
    {
        var table = PostgresServer.NewName("empty");
        await server.ExecuteAsync($"CREATE TABLE {table} (id bigint, \"Name\" text, amount numeric(10,3), at timestamptz)");
        using var world = new PostgresWorld(server.ConfigConnectionString(), $"- name: nothing\n  table: {table}");

        var result = await world.RunAsync();

        Assert.Equal(RunStatus.Success, result.Status);
        var manifest = await world.LatestManifestAsync();
        var output = manifest.GetProperty("outputs").GetProperty("nothing");
        Assert.True(output.GetProperty("empty").GetBoolean());
        Assert.Equal(0, output.GetProperty("rows_written").GetInt64());
        Assert.Equal(0, output.GetProperty("rows_counted").GetInt64());
        var file = Assert.Single(PostgresWorld.ObjectPaths(manifest, "nothing", world.Lake.Root));
        await using var duck = new DuckDBConnection("DataSource=:memory:");
        await duck.OpenAsync();
        await using var command = duck.CreateCommand();
        command.CommandText = $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{file}', hive_partitioning = false))";
        var schema = new List<string>();
        await using (var r = await command.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                schema.Add($"{r.GetString(0)}:{r.GetString(1)}");
            }
        }
        Assert.Equal(["id:BIGINT", "Name:VARCHAR", "amount:DECIMAL(10,3)", "at:TIMESTAMP WITH TIME ZONE"], schema);
        command.CommandText = $"SELECT count(*) FROM read_parquet('{file}', hive_partitioning = false)";
        Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
    }

    // Arrays with NULL elements need nullable element types (GetValue refuses them).
    private static object? PgValue(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetDataTypeName(i) switch
    {
        "smallint[]" => reader.GetFieldValue<short?[]>(i),
        "integer[]" => reader.GetFieldValue<int?[]>(i),
        "bigint[]" => reader.GetFieldValue<long?[]>(i),
        "real[]" => reader.GetFieldValue<float?[]>(i),
        "double precision[]" => reader.GetFieldValue<double?[]>(i),
        "boolean[]" => reader.GetFieldValue<bool?[]>(i),
        "text[]" => reader.GetFieldValue<string?[]>(i),
        "uuid[]" => reader.GetFieldValue<Guid?[]>(i),
        _ => reader.GetValue(i),
    };

    private static object? DuckValue(System.Data.Common.DbDataReader reader, int i, string type) => reader.IsDBNull(i) ? null : type switch
    {
        "SMALLINT[]" => reader.GetFieldValue<List<short?>>(i),
        "INTEGER[]" => reader.GetFieldValue<List<int?>>(i),
        "BIGINT[]" => reader.GetFieldValue<List<long?>>(i),
        "FLOAT[]" => reader.GetFieldValue<List<float?>>(i),
        "DOUBLE[]" => reader.GetFieldValue<List<double?>>(i),
        "BOOLEAN[]" => reader.GetFieldValue<List<bool?>>(i),
        "VARCHAR[]" => reader.GetFieldValue<List<string?>>(i),
        "UUID[]" => reader.GetFieldValue<List<Guid?>>(i),
        _ => reader.GetValue(i),
    };

    private static string Q(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Normalize(object? value) => value switch
    {
        null or DBNull => "NULL",
        string s => "'" + s + "'",
        decimal m => m.ToString("G29", CultureInfo.InvariantCulture), // the scale is checked through the DECIMAL(p,s) type
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Guid g => g.ToString(),
        TimeSpan t => t.Ticks.ToString(CultureInfo.InvariantCulture),
        TimeOnly t => t.Ticks.ToString(CultureInfo.InvariantCulture),
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        Stream stream => "0x" + Convert.ToHexString(ReadAll(stream)),
        short or int or long or sbyte or byte or ushort or uint or ulong => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        IEnumerable list => "[" + string.Join(",", list.Cast<object?>().Select(Normalize)) + "]",
        _ => value.GetType().Name + ":" + Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
