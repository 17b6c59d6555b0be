using System.Diagnostics;
using Landfall.Hosting;
using Landfall.Manifests;
using Landfall.Reconcile;
using Landfall.Runs;
using Landfall.Testing;
using Xunit.Abstractions;

namespace Landfall.IntegrationTests.Sources.Postgres;

/// <summary>
/// Reconcile of a postgres source against the real server: per entity and date, the row count and a content fingerprint computed by
/// the server over the same SQL and date parameters in one snapshot, against what the run recorded in the same snapshot as its count.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReconcileTests(PostgresServer server, ITestOutputHelper output)
{
    private static readonly DateOnly Day1 = new(2026, 1, 7);
    private static readonly DateOnly Day2 = new(2026, 1, 8);
    private static readonly DateOnly Day3 = new(2026, 1, 9);

    private async Task<(PostgresWorld World, string Table)> WorldAsync(string columns = "amount numeric(12,2), note text",
        string values = "{0}.50, 'n{1}'")
    {
        var table = PostgresServer.NewName("rec");
        var customers = PostgresServer.NewName("cust");
        var rows = new List<string>();
        var id = 0;
        foreach (var day in new[] { Day1, Day2, Day3 })
        {
            for (var hour = 6; hour <= 18; hour += 12)
            {
                id++;
                rows.Add($"({id}, '{day:yyyy-MM-dd} {hour:00}:00:00+00', {string.Format(System.Globalization.CultureInfo.InvariantCulture, values, id, id)})");
            }
        }
        await server.ExecuteAsync($"""
            CREATE TABLE {table} (id int, at timestamptz, {columns});
            INSERT INTO {table} VALUES {string.Join(", ", rows)};
            CREATE TABLE {customers} AS SELECT g AS id FROM generate_series(1, 3) g;
            """);
        var query = $"SELECT * FROM {table} WHERE at >= @window_start AND at < @window_end";
        var world = new PostgresWorld(server.ConfigConnectionString(), $"- name: orders\n  query: \"{query}\"\n- name: customers\n  table: {customers}");
        foreach (var day in new[] { Day1, Day2, Day3 })
        {
            var result = await world.RunAsync(day);
            Assert.True(result.Status == RunStatus.Success, string.Join("; ", result.Errors.Select(e => $"{e.Type}: {e.Message}")));
        }
        return (world, table);
    }

    private static LandfallHost Host(PostgresWorld world, CapturingLoggerProvider? logs = null) =>
        TestHosts.Host(ConfigLoader.Load(world.ConfigPath), world.Lake, logs ?? world.Logs, world.Clock);

    private static ReconcileRequest Window(bool apply = false) => new() { From = Day1, To = Day3, Apply = apply };

    private static ReconcileResult On(ReconcileReport report, DateOnly day) => Assert.Single(report.Results, r => r.IngestDate == day);

    [Fact]
    public async Task An_updated_row_and_an_inserted_row_of_past_windows_are_found_and_apply_reingests_them()
    {
        var (world, table) = await WorldAsync();
        using var _ = world;
        var recorded = (await world.LatestManifestAsync(Day1)).GetProperty("outputs").GetProperty("orders");
        var fingerprint = recorded.GetProperty("content_fingerprint");
        // A whole table is never compared with a date later: no fingerprint is computed for it, only its count.
        var customers = (await world.LatestManifestAsync(Day1)).GetProperty("outputs").GetProperty("customers");
        Assert.False(customers.TryGetProperty("content_fingerprint", out var none), none.ToString());
        Assert.Equal(3, customers.GetProperty("rows_counted").GetInt64());
        Assert.Equal("sum_hash_record", fingerprint.GetProperty("algorithm").GetString());
        // The server's own sum over the same rows: what the run recorded in its snapshot.
        Assert.Equal(await ScalarAsync($"SELECT sum(hash_record_extended(q, 0))::text FROM (SELECT * FROM {table} " +
            "WHERE at >= '2026-01-07' AND at < '2026-01-08') q"), fingerprint.GetProperty("value").GetString());
        await server.ExecuteAsync($"UPDATE {table} SET amount = amount + 1 WHERE id = 1; " +
            $"INSERT INTO {table} VALUES (99, '2026-01-08 23:00:00+00', 1.00, 'late');");
        using var statements = new StatementCounter(table);

        var found = await Host(world).ReconcileAsync(Window(), CancellationToken.None);

        output.WriteLine($"postgres, 3 dates, 1 date-scoped entity (+1 whole table): {statements.All} statement(s), {statements.Count} on " +
            $"the entity's SQL; all: [{string.Join(" | ", statements.Every)}]");
        // One session: the connection, BEGIN (with its SETs), the snapshot, one count-and-fingerprint per date, ROLLBACK; the whole
        // table is not read.
        Assert.Equal((7, 3), (statements.All, statements.Count));
        var updated = On(found, Day1);
        Assert.Equal(ReconcileStatus.Drift, updated.Status);
        var content = Assert.Single(updated.Changes);
        Assert.Equal((DriftChangeKind.ContentChanged, "orders", 2L, 2L), (content.Change, content.Entity, content.Before!.Rows, content.After!.Rows));
        Assert.NotEqual(content.Before.Fingerprint, content.After.Fingerprint);
        Assert.StartsWith("sum_hash_record:", content.After.Fingerprint);
        var inserted = Assert.Single(On(found, Day2).Changes);
        Assert.Equal((DriftChangeKind.RowsChanged, 2L, 3L), (inserted.Change, inserted.Before!.Rows, inserted.After!.Rows));
        Assert.Equal([DriftField.Rows, DriftField.Fingerprint], inserted.Fields);
        Assert.Equal(ReconcileStatus.NoDrift, On(found, Day3).Status);
        // The whole table is not date-scoped: a later read shows it as it is now, not late rows of a date.
        Assert.All(found.Results, r =>
        {
            Assert.Contains(r.Entities, e => e is { Entity: "customers", Compared: "not_date_scoped" });
            Assert.Contains(r.Entities, e => e is { Entity: "orders", Compared: "rows_and_fingerprint" });
            Assert.Contains(r.Notes, n => n.StartsWith("entity 'customers' is not compared", StringComparison.Ordinal));
        });

        var applied = await Host(world).ReconcileAsync(Window(apply: true), CancellationToken.None);

        foreach (var day in new[] { Day1, Day2 })
        {
            var run = On(applied, day).Reingest!;
            Assert.True(run.Status == RunStatus.Success, string.Join("; ", run.Errors.Select(e => e.Message)));
            var manifest = await world.LatestManifestAsync(day);
            Assert.Equal("reconcile", manifest.GetProperty("reason").GetString());
            var change = Assert.Single(manifest.GetProperty("drift").GetProperty("changes").EnumerateArray());
            Assert.Equal(day == Day1 ? "content_changed" : "rows_changed", change.GetProperty("change").GetString());
        }
        Assert.Equal(3, (await world.LatestManifestAsync(Day2)).GetProperty("outputs").GetProperty("orders").GetProperty("rows_counted").GetInt64());

        var again = await Host(world).ReconcileAsync(Window(), CancellationToken.None);

        Assert.All(again.Results, r => Assert.Equal(ReconcileStatus.NoDrift, r.Status));
    }

    [Fact]
    public async Task A_date_ingested_before_the_fingerprint_existed_is_compared_by_row_count_and_the_output_says_so()
    {
        var (world, table) = await WorldAsync();
        using var _ = world;
        // The manifest an older Landfall wrote: the same, without content_fingerprint (a newer manifest of the date, so the latest).
        var store = new TestManifests(world.Lake);
        var latest = await store.LatestAsync("pg", Day1, CancellationToken.None);
        var old = latest!.TryBind()!;
        Assert.True(old.Outputs["orders"].Extra!.Remove("content_fingerprint"));
        var legacy = new Manifest
        {
            Source = old.Source,
            Env = old.Env,
            RunId = Guid.CreateVersion7().ToString(),
            IngestDate = old.IngestDate,
            Status = old.Status,
            StartedAt = old.StartedAt,
            EndedAt = old.EndedAt.AddSeconds(1),
            SourceKind = old.SourceKind,
            Outputs = old.Outputs,
        };
        await Task.Delay(20);
        await store.WriteAsync(legacy, CancellationToken.None);
        await server.ExecuteAsync($"UPDATE {table} SET note = 'changed, same count' WHERE id = 1");

        var byCount = await Host(world).ReconcileAsync(new ReconcileRequest { From = Day1, To = Day1 }, CancellationToken.None);

        var result = Assert.Single(byCount.Results);
        Assert.Equal(legacy.RunId, result.RunId);
        Assert.Equal(ReconcileStatus.NoDrift, result.Status);
        Assert.Contains(result.Entities, e => e is { Entity: "orders", Compared: "rows", Recorded: 2, Observed: 2 });
        Assert.Contains("entity 'orders' compared by row count only: the manifest has no content fingerprint", string.Join("\n", result.Notes));
        await server.ExecuteAsync($"INSERT INTO {table} VALUES (100, '2026-01-07 12:00:00+00', 2.00, 'late')");

        var inserted = await Host(world).ReconcileAsync(new ReconcileRequest { From = Day1, To = Day1 }, CancellationToken.None);

        var rows = Assert.Single(Assert.Single(inserted.Results).Changes);
        Assert.Equal((DriftChangeKind.RowsChanged, 2L, 3L, null), (rows.Change, rows.Before!.Rows, rows.After!.Rows, rows.Before.Fingerprint));
        Assert.Equal([DriftField.Rows], rows.Fields);
    }

    [Fact]
    public async Task A_result_with_a_type_without_a_hash_function_is_fingerprinted_by_its_text_form_and_reconciled_with_it()
    {
        var logs = new CapturingLoggerProvider();
        var (world, table) = await WorldAsync("doc json", "'{{\"n\": {0}}}'");
        using var _ = world;
        var orders = (await world.LatestManifestAsync(Day1)).GetProperty("outputs").GetProperty("orders");
        Assert.Equal("sum_hash_text", orders.GetProperty("content_fingerprint").GetProperty("algorithm").GetString());
        Assert.Contains(world.Logs.Named("pg_fingerprint_unavailable"), e => e.Message.Contains("json", StringComparison.Ordinal));
        Assert.Equal(await ScalarAsync($"SELECT sum(hashtextextended(q::text, 0))::text FROM (SELECT * FROM {table} " +
            "WHERE at >= '2026-01-07' AND at < '2026-01-08') q"), orders.GetProperty("content_fingerprint").GetProperty("value").GetString());
        await server.ExecuteAsync($"UPDATE {table} SET doc = '{{\"n\": 1, \"fixed\": true}}' WHERE id = 1");

        var found = await Host(world, logs).ReconcileAsync(Window(), CancellationToken.None);

        var change = Assert.Single(On(found, Day1).Changes);
        Assert.Equal(DriftChangeKind.ContentChanged, change.Change);
        Assert.StartsWith("sum_hash_text:", change.After!.Fingerprint);
        Assert.Equal(ReconcileStatus.NoDrift, On(found, Day2).Status);
        // Reconcile computes the recorded algorithm directly: no failed attempt first.
        Assert.Empty(logs.Named("pg_fingerprint_unavailable"));
    }

    private async Task<string?> ScalarAsync(string sql)
    {
        await using var connection = await server.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }

    /// <summary>Counts the statements Npgsql sends that name a table (its activities, one per command).</summary>
    private sealed class StatementCounter : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly List<string> _statements = [];

        public StatementCounter(string table)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = a =>
                {
                    var text = a.GetTagItem("db.query.text") as string ?? a.GetTagItem("db.statement") as string ?? "";
                    lock (_statements)
                    {
                        All++;
                        Every.Add(text.Length > 60 ? text[..60] : text);
                        if (text.Contains(table, StringComparison.Ordinal))
                        {
                            _statements.Add(text.ReplaceLineEndings(" "));
                        }
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        /// <summary>Every statement sent (the collection's tests run one at a time, so only this test's).</summary>
        public int All { get; private set; }

        public List<string> Every { get; } = [];

        public int Count
        {
            get
            {
                lock (_statements)
                {
                    return _statements.Count;
                }
            }
        }

        public IReadOnlyList<string> Statements
        {
            get
            {
                lock (_statements)
                {
                    return [.. _statements];
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
