using System.Collections.ObjectModel;
using System.Data;
using System.Text.Json;
using Landfall.Contracts;
using Landfall.Layout;
using Landfall.Manifests;
using Npgsql;
using Npgsql.Schema;
using NpgsqlTypes;

namespace Landfall.Sources.Postgres;

/// <summary>One run's connection and REPEATABLE READ READ ONLY transaction: every entity of the date sees the same snapshot.</summary>
internal sealed partial class PostgresSession : ISourceSession
{
    /// <summary>The alias the entity's SQL is wrapped under (its rows are <c>landfall_q</c> in the statements around it).</summary>
    internal const string Alias = "landfall_q";
    private readonly PostgresSource _source;
    private readonly PostgresSettings _settings;
    private readonly SourceRunContext _context;
    private readonly NpgsqlConnection _connection;
    private readonly Dictionary<string, (long Count, ContentFingerprint? Fingerprint)> _counts = new(StringComparer.Ordinal);

    private PostgresSession(PostgresSource source, SourceRunContext context, NpgsqlConnection connection, string snapshot, string serverVersion,
        int serverVersionNumber)
    {
        (_source, _settings, _context, _connection) = (source, source.Settings, context, connection);
        (Snapshot, ServerVersion, ServerVersionNumber) = (snapshot, serverVersion, serverVersionNumber);
    }

    /// <summary>pg_current_snapshot() of the transaction.</summary>
    public string Snapshot { get; }

    /// <summary>The server's server_version.</summary>
    public string ServerVersion { get; }

    /// <summary>The server's server_version_num (150018 for 15.18): which fingerprint functions it has.</summary>
    public int ServerVersionNumber { get; }

    /// <summary>The run's context (source, date, logger).</summary>
    public SourceRunContext Context => _context;

    /// <summary>The column plans of an entity's result, from the server's description of the query (no row is read).</summary>
    public async Task<IReadOnlyList<ColumnPlan>> DescribeAsync(PostgresEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyList<ColumnPlan> plans;
            var command = Command($"SELECT * FROM ({entity.Sql}\n) AS {Alias}");
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(CommandBehavior.SchemaOnly, cancellationToken).ConfigureAwait(false);
                ReadOnlyCollection<NpgsqlDbColumn> columns;
                await using (reader.ConfigureAwait(false))
                {
                    columns = reader.GetColumnSchema();
                }
                plans = ColumnPlan.For(columns, Alias, await EnumTypesAsync(columns, cancellationToken).ConfigureAwait(false));
            }
            var duplicate = plans.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new SourceException("duplicate_column",
                    $"The result of entity '{entity.Name}' has two columns named '{duplicate.Key}'; Parquet needs unique names. " +
                    "Give one of them an alias in the query.");
            }
            if (plans.Count == 0)
            {
                throw new SourceException("no_columns", $"The result of entity '{entity.Name}' has no column; select at least one.");
            }
            return plans;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
        {
            throw PostgresErrors.Read(ex, _settings, entity.Name);
        }
    }

    private async Task<HashSet<uint>> EnumTypesAsync(IReadOnlyList<NpgsqlDbColumn> columns, CancellationToken cancellationToken)
    {
        var enums = new HashSet<uint>();
        var command = new NpgsqlCommand(
            "SELECT t.oid FROM pg_type t LEFT JOIN pg_type e ON e.oid = t.typelem " +
            "WHERE t.oid = ANY(@oids) AND (t.typtype = 'e' OR e.typtype = 'e')", _connection);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter("oids", NpgsqlDbType.Array | NpgsqlDbType.Oid)
            {
                Value = columns.Select(c => c.TypeOID).Distinct().ToArray(),
            });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    enums.Add(reader.GetFieldValue<uint>(0));
                }
            }
        }
        return enums;
    }

    /// <summary>
    /// An entity with <c>expect_rows: true</c> whose query holds no row in this snapshot is not there yet (the upstream job has not
    /// loaded the day): the run waits rather than recording an empty success. The count is kept for the extract.
    /// </summary>
    public async Task PrepareAsync(string entity, CancellationToken cancellationToken)
    {
        using var live = Live($"counting entity '{entity}'", cancellationToken);
        try
        {
            await PrepareCoreAsync(entity, live.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (live.Caused(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw live.StallError($"counting entity '{entity}'", ex);
        }
    }

    /// <summary>The progress deadline of the statements of one step (see <see cref="PostgresLiveness"/>).</summary>
    private PostgresLiveness Live(string what, CancellationToken cancellationToken) =>
        new(_settings, _context, _connection.ProcessID, what, cancellationToken);

    private async Task PrepareCoreAsync(string entity, CancellationToken cancellationToken)
    {
        var e = _source.Entity(entity);
        if (!e.ExpectRows)
        {
            return;
        }
        (long Count, ContentFingerprint? Fingerprint) counted;
        try
        {
            counted = await CountAsync(e, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or ObjectDisposedException
            || (ex is InvalidOperationException && _connection.FullState.HasFlag(ConnectionState.Broken)))
        {
            throw PostgresErrors.Read(ex, _settings, entity);
        }
        if (counted.Count == 0)
        {
            throw new SourceNotReadyException("no_rows_yet",
                $"Entity '{entity}' has no rows for {ManifestKeys.FormatDate(_context.IngestDate)} yet (expect_rows: true; snapshot {Snapshot}). " +
                "Nothing was ingested.");
        }
        _counts[entity] = counted;
    }

    // The count and the content fingerprint reconcile compares with later, in one statement of the snapshot. Only for date-scoped
    // entities: reconcile never compares a whole table's later state with a date, so it would be wasted there.
    private Task<(long Count, ContentFingerprint? Fingerprint)> CountAsync(PostgresEntity e, CancellationToken cancellationToken) =>
        RowFingerprint.CountAsync(this, e, _context.IngestDate, e.DateScoped ? RowFingerprint.Best(ServerVersionNumber) : null,
            fallBack: true, cancellationToken);

    public async Task<EntityOutput> ExtractAsync(string entity, EntityWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var live = Live($"reading entity '{entity}'", cancellationToken);
        try
        {
            return await ExtractCoreAsync(entity, writer, live, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (live.Caused(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw live.StallError($"reading entity '{entity}'", ex);
        }
    }

    // Statements run on the liveness token; the lake writes on the caller's (the lake has deadlines of its own).
    private async Task<EntityOutput> ExtractCoreAsync(string entity, EntityWriter writer, PostgresLiveness live, CancellationToken outer)
    {
        var cancellationToken = live.Token;
        var e = _source.Entity(entity);
        var plans = await DescribeAsync(e, cancellationToken).ConfigureAwait(false);
        var day = ManifestKeys.FormatDate(_context.IngestDate);
        var unmapped = plans.Where(p => p.Unmapped).ToList();
        if (unmapped.Count > 0)
        {
            PostgresLog.TextFormColumns(_context.Logger, _context.Source, entity, day, _context.RunId,
                string.Join(", ", unmapped.Select(p => $"{p.Name} ({p.PgType})")));
        }

        long counted;
        long written;
        ContentFingerprint? fingerprint;
        try
        {
            (counted, fingerprint) = _counts.TryGetValue(entity, out var prepared)
                ? prepared
                : await CountAsync(e, cancellationToken).ConfigureAwait(false);
            writer.Progress.Expect(rows: counted);
            written = await CopyRowsAsync(e, plans, writer, live, outer).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or ObjectDisposedException
            || (ex is InvalidOperationException && _connection.FullState.HasFlag(ConnectionState.Broken)))
        {
            throw PostgresErrors.Read(ex, _settings, entity);
        }
        PostgresLog.EntityRead(_context.Logger, _context.Source, entity, day, _context.RunId, written, counted, writer.Objects.Count);
        if (written != counted)
        {
            throw new SourceException("row_count_mismatch",
                $"Entity '{entity}': {written} rows were written to Parquet but SELECT count(*) over the same SQL in the same snapshot " +
                $"counted {counted} (rows_written={written}, rows_counted={counted}). The SQL is not deterministic (volatile " +
                "functions, random sampling?); make it so. Nothing of this date is kept; the next run redoes the date.");
        }
        var extra = new Dictionary<string, JsonElement>
        {
            ["snapshot"] = ManifestFormat.Fact(Snapshot),
            ["server_version"] = ManifestFormat.Fact(ServerVersion),
            ["sql_sha256"] = ManifestFormat.Fact(e.SqlSha256),
            ["rows_written"] = ManifestFormat.Fact(written),
            ["rows_counted"] = ManifestFormat.Fact(counted),
            ["format"] = ManifestFormat.Fact("parquet"),
            ["compression"] = ManifestFormat.Fact(_settings.CompressionName),
            ["columns"] = ManifestFormat.Fact(plans.Select(p => new Dictionary<string, string>
            {
                ["name"] = p.Name,
                ["pg_type"] = p.PgType,
                ["parquet"] = p.ParquetType,
            }).ToList()),
            // The columns' names and PostgreSQL types as one SHA-256: what schema contracts compare (docs/contracts.md).
            [EntitySchemaRecord.FingerprintField] = ManifestFormat.Fact(
                new DataSchema("postgres", [.. plans.Select(p => new SchemaColumn(p.Name, p.PgType))]).Fingerprint),
            ["text_form_columns"] = ManifestFormat.Fact(unmapped.Select(p => new Dictionary<string, string>
            {
                ["name"] = p.Name,
                ["pg_type"] = p.PgType,
            }).ToList()),
        };
        if (fingerprint is not null)
        {
            extra[RowFingerprint.Fact] = RowFingerprint.ToFact(fingerprint);
        }
        if (e.Table is not null)
        {
            extra["table"] = ManifestFormat.Fact(e.Table);
        }
        else
        {
            extra["query"] = ManifestFormat.Fact(e.Sql);
        }
        return writer.ToOutput(empty: written == 0, extra);
    }

    private async Task<long> CopyRowsAsync(PostgresEntity entity, IReadOnlyList<ColumnPlan> plans, EntityWriter writer,
        PostgresLiveness live, CancellationToken outer)
    {
        var cancellationToken = live.Token;
        var select = string.Join(", ", plans.Select(p => p.Expression));
        var command = Command($"SELECT {select} FROM ({entity.Sql}\n) AS {Alias}");
        await using var commandScope = command.ConfigureAwait(false);
        var groupRows = _settings.RowGroupRows;
        // Two sets of row-group buffers: the reader fills one while the other is encoded and compressed, so the server keeps
        // streaming while a row group is written (measured: docs/benchmarks.md).
        ColumnBuffer[][] sets = [NewBuffers(plans, groupRows), NewBuffers(plans, groupRows)];
        var current = 0;
        var pending = Task.CompletedTask;
        var parquet = new ParquetObjectWriter(writer, plans, _settings, outer);
        await using (parquet.ConfigureAwait(false))
        {
            try
            {
                // Not SequentialAccess: each row is buffered whole by the asynchronous, cancellable ReadAsync, so reading its columns
                // never blocks on the socket. With SequentialAccess a large value is read synchronously while the columns are read,
                // where no cancellation reaches it: a connection stalled mid-value hung the run for the client timeout (1 h).
                var reader = await command.ExecuteReaderAsync(CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var n = 0;
                    var column = 0;
                    try
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            live.Progress();
                            var buffers = sets[current];
                            for (column = 0; column < buffers.Length; column++)
                            {
                                buffers[column].Read(reader, column, n);
                            }
                            if (++n == groupRows)
                            {
                                using (live.Pause())
                                {
                                    await pending.ConfigureAwait(false);
                                }
                                var count = n;
                                pending = Task.Run(() => parquet.WriteRowGroupAsync(buffers, count), outer);
                                current ^= 1;
                                n = 0;
                            }
                        }
                    }
                    catch (Exception ex) when (ex is InvalidCastException or OverflowException)
                    {
                        var plan = plans[column];
                        throw new SourceException("value_not_representable",
                            $"Entity '{entity.Name}': column '{plan.Name}' ({plan.PgType}) holds a value that cannot be written as " +
                            $"{plan.ParquetType} ({ex.Message}). Cast the column in a query (for example to text); see docs/postgres-types.md.", ex);
                    }
                    using (live.Pause())
                    {
                        await pending.ConfigureAwait(false);
                        if (n > 0)
                        {
                            await parquet.WriteRowGroupAsync(sets[current], n).ConfigureAwait(false);
                        }
                    }
                }
                using (live.Pause())
                {
                    await parquet.CompleteAsync().ConfigureAwait(false);
                }
                return parquet.Rows;
            }
            catch (Exception)
            {
                // The writer must be idle before it is disposed; the first failure is the one reported.
                await ObserveAsync(pending).ConfigureAwait(false);
                throw;
            }
        }
    }

    private static ColumnBuffer[] NewBuffers(IReadOnlyList<ColumnPlan> plans, int rows) => plans.Select(p => ColumnBuffer.For(p, rows)).ToArray();

    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already failing for another reason.
        }
    }

    /// <summary>A command on the session's connection with the date's parameters bound: the run's date, or <paramref name="date"/>.</summary>
    internal NpgsqlCommand Command(string sql, DateOnly? date = null)
    {
        var day = date ?? _context.IngestDate;
        var command = new NpgsqlCommand(sql, _connection);
        var start = day.ToDateTime(TimeOnly.MinValue);
        var end = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        command.Parameters.Add(new NpgsqlParameter("ingest_date", NpgsqlDbType.Date) { Value = day });
        command.Parameters.Add(new NpgsqlParameter("window_start", NpgsqlDbType.TimestampTz) { Value = ToUtc(start) });
        command.Parameters.Add(new NpgsqlParameter("window_end", NpgsqlDbType.TimestampTz) { Value = ToUtc(end) });
        return command;
    }

    private DateTime ToUtc(DateTime local) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _settings.TimeZone);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_connection.FullState == ConnectionState.Open)
            {
                var end = new NpgsqlCommand("ROLLBACK", _connection);
                await using (end.ConfigureAwait(false))
                {
                    await end.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
        {
            // Read-only: nothing to keep; closing the connection ends the transaction anyway.
        }
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
