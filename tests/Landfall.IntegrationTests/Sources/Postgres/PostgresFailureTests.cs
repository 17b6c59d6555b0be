using System.Text.Json;
using Landfall.Runs;
using Npgsql;

namespace Landfall.IntegrationTests.Sources.Postgres;

/// <summary>
/// Each failure gives a failed manifest with an error a user can act on, never a success, and the next run redoes the date.
/// The password never appears in manifests or logs.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresFailureTests(PostgresServer server)
{
    [Fact]
    public async Task An_unknown_host_fails_after_retries_and_the_next_run_redoes_the_date()
    {
        var table = await SmallTableAsync();
        using var world = new PostgresWorld(server.ConfigConnectionString(host: "no-such-host.invalid"), $"- name: t\n  table: {table}");

        var failed = await world.RunAsync();

        await AssertFailedAsync(world, failed, "host_not_found", "Host=");
        Assert.Single(world.Logs.Named("pg_retry")); // max_attempts: 2
        await AssertNextRunRedoesAsync(world, server.ConfigConnectionString(), table);
    }

    [Fact]
    public async Task A_refused_connection_fails_after_retries_and_the_next_run_redoes_the_date()
    {
        var table = await SmallTableAsync();
        using var world = new PostgresWorld(server.ConfigConnectionString(port: 1), $"- name: t\n  table: {table}");

        var failed = await world.RunAsync();

        await AssertFailedAsync(world, failed, "connection_refused", "Port=");
        Assert.Single(world.Logs.Named("pg_retry"));
        await AssertNextRunRedoesAsync(world, server.ConfigConnectionString(), table);
    }

    [Fact]
    public async Task A_bad_password_fails_at_once_without_revealing_it()
    {
        var table = await SmallTableAsync();
        var b = server.Builder;
        b.Password = "Wr0ng-s3cret-value";
        using var world = new PostgresWorld(b.ConnectionString, $"- name: t\n  table: {table}");

        var failed = await world.RunAsync();

        var manifest = await AssertFailedAsync(world, failed, "auth_failed", "password");
        Assert.Empty(world.Logs.Named("pg_retry"));
        Assert.DoesNotContain("Wr0ng-s3cret-value", manifest.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(world.Logs.Events, e => e.Message.Contains("Wr0ng-s3cret-value", StringComparison.Ordinal)
            || (e.Exception?.ToString().Contains("Wr0ng-s3cret-value", StringComparison.Ordinal) ?? false));
        await AssertNextRunRedoesAsync(world, server.ConfigConnectionString(), table);
    }

    [Fact]
    public async Task A_query_error_names_the_entity_and_the_problem()
    {
        var table = await SmallTableAsync();
        using var world = new PostgresWorld(server.ConfigConnectionString(), "- name: t\n  query: \"SELECT * FROM no_such_table_here\"");

        var failed = await world.RunAsync();

        await AssertFailedAsync(world, failed, "query_failed", "no_such_table_here");
        await AssertNextRunRedoesAsync(world, server.ConfigConnectionString(), table);
    }

    [Fact]
    public async Task A_statement_timeout_says_to_raise_command_timeout()
    {
        var table = await SmallTableAsync();
        using var world = new PostgresWorld(server.ConfigConnectionString(), "- name: t\n  query: \"SELECT pg_sleep(5) AS slept\"", "command_timeout: 1");

        var failed = await world.RunAsync();

        await AssertFailedAsync(world, failed, "statement_timeout", "command_timeout");
        await AssertNextRunRedoesAsync(world, server.ConfigConnectionString(), table);
    }

    [Fact]
    public async Task A_backend_terminated_mid_read_is_extracted_again_within_the_run_and_only_the_new_snapshots_objects_count()
    {
        var table = PostgresServer.NewName("big");
        await server.ExecuteAsync($"CREATE TABLE {table} AS SELECT g AS id, md5(g::text) AS h FROM generate_series(1, 2000000) g");
        using var world = new PostgresWorld(server.ConfigConnectionString(), $"- name: t\n  table: {table}", "row_group_rows: 10000");

        var run = world.RunAsync();
        var terminated = await TerminateLandfallBackendAsync(table, run);

        var result = await run;
        Assert.True(terminated, "the landfall backend was never seen reading");
        Assert.True(result.Status == RunStatus.Success, string.Join("; ", result.Errors.Select(e => $"{e.Type}: {e.Message}")));
        var manifest = await world.LatestManifestAsync();
        Assert.Equal(2, manifest.GetProperty("extraction_attempts").GetInt32());
        var failed = Assert.Single(manifest.GetProperty("failed_attempts").EnumerateArray());
        Assert.Equal("connection_lost", failed.GetProperty("errors")[0].GetProperty("type").GetString());
        var keys = manifest.GetProperty("outputs").GetProperty("t").GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("key").GetString()!).ToList();
        Assert.All(keys, k => Assert.Contains($"/run_id={result.RunId}/attempt=2/", k, StringComparison.Ordinal));
        Assert.Equal(2_000_000, manifest.GetProperty("outputs").GetProperty("t").GetProperty("rows_written").GetInt64());
        Assert.Single(world.Logs.Named("extraction_retry"));
    }

    [Fact]
    public async Task A_backend_terminated_mid_read_with_max_attempts_1_fails_the_run_and_keeps_nothing_as_success()
    {
        var table = PostgresServer.NewName("big");
        await server.ExecuteAsync($"CREATE TABLE {table} AS SELECT g AS id, md5(g::text) AS h FROM generate_series(1, 2000000) g");
        using var world = new PostgresWorld(server.ConfigConnectionString(), $"- name: t\n  table: {table}", "row_group_rows: 10000\nmax_attempts: 1");

        var run = world.RunAsync();
        var terminated = await TerminateLandfallBackendAsync(table, run);

        var failed = await run;
        Assert.True(terminated, "the landfall backend was never seen reading");
        await AssertFailedAsync(world, failed, "connection_lost", "next run redoes the date");
        await AssertNextRunRedoesAsync(world, server.ConfigConnectionString(), table, "row_group_rows: 10000\nmax_attempts: 1");
    }

    [Fact]
    public async Task Rows_written_that_differ_from_the_count_fail_with_both_numbers()
    {
        var table = await SmallTableAsync();
        // A volatile query: a per-session counter, so the count and the data read see different rows.
        const string query = "SELECT g FROM generate_series(1, 10) g WHERE set_config('landfall_test.n', " +
            "(coalesce(nullif(current_setting('landfall_test.n', true), ''), '0')::int + 1)::text, false)::int <= 15";
        using var world = new PostgresWorld(server.ConfigConnectionString(), $"- name: t\n  query: \"{query}\"");

        var failed = await world.RunAsync();

        var manifest = await AssertFailedAsync(world, failed, "row_count_mismatch", "rows_written=5, rows_counted=10");
        Assert.Contains("rows_written=5", manifest.GetRawText(), StringComparison.Ordinal);
        await AssertNextRunRedoesAsync(world, server.ConfigConnectionString(), table);
    }

    [Theory]
    [InlineData("numeric(10,2)", "'NaN'", "n")]
    [InlineData("integer[]", "'{{1,2},{3,4}}'", "n")]
    public async Task A_value_its_Parquet_type_cannot_hold_fails_naming_the_column(string type, string value, string column)
    {
        var table = PostgresServer.NewName("odd");
        await server.ExecuteAsync($"CREATE TABLE {table} (id int, {column} {type}); INSERT INTO {table} VALUES (1, NULL), (2, {value})");
        using var world = new PostgresWorld(server.ConfigConnectionString(), $"- name: t\n  table: {table}");

        var failed = await world.RunAsync();

        await AssertFailedAsync(world, failed, "value_not_representable", $"column '{column}' ({type})");
        var good = await SmallTableAsync();
        await AssertNextRunRedoesAsync(world, server.ConfigConnectionString(), good);
    }

    private async Task<string> SmallTableAsync()
    {
        var table = PostgresServer.NewName("small");
        await server.ExecuteAsync($"CREATE TABLE {table} AS SELECT g AS id FROM generate_series(1, 3) g");
        return table;
    }

    private async Task<bool> TerminateLandfallBackendAsync(string table, Task run)
    {
        await using var connection = await server.OpenAsync();
        while (!run.IsCompleted)
        {
            // Terminate once the data read (not the count) is running, after some rows have streamed.
            await using var command = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'landfall' AND state = 'active' " +
                "AND query LIKE 'SELECT landfall_q.%' AND now() - query_start > interval '300 milliseconds'", connection);
            if (await command.ExecuteScalarAsync() is true)
            {
                return true;
            }
            await Task.Delay(50);
        }
        return false;
    }

    private static async Task<JsonElement> AssertFailedAsync(PostgresWorld world, RunResult result, string reason, string hint)
    {
        Assert.Equal(RunStatus.Failed, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal(reason, error.Type);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PasswordKey(), error.Message, StringComparison.Ordinal);
        var manifest = await world.LatestManifestAsync();
        Assert.Equal("failed", manifest.GetProperty("status").GetString());
        Assert.Equal(reason, manifest.GetProperty("errors")[0].GetProperty("type").GetString());
        return manifest;
    }

    // Not even the key: messages describe the target as user@host:port/database.
    private static string PasswordKey() => "Password=";

    private static async Task AssertNextRunRedoesAsync(PostgresWorld world, string goodConnection, string table, string extra = "")
    {
        world.Write(goodConnection, $"- name: t\n  table: {table}", extra);
        var next = await world.RunAsync();
        Assert.True(next.Status == RunStatus.Success, string.Join("; ", next.Errors.Select(e => $"{e.Type}: {e.Message}")));
        var manifest = await world.LatestManifestAsync();
        Assert.Equal("success", manifest.GetProperty("status").GetString());
    }
}
