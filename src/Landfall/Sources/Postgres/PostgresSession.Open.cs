using System.Globalization;
using Landfall.Layout;
using Npgsql;

namespace Landfall.Sources.Postgres;

/// <summary>Opening a session: the connection, the transaction and its snapshot, under connect_timeout and the stall deadline.</summary>
internal sealed partial class PostgresSession
{
    /// <summary>Connects, begins the transaction and takes its snapshot. Throws <see cref="SourceException"/> on failure.</summary>
    public static async Task<PostgresSession> OpenAsync(PostgresSource source, SourceRunContext context, CancellationToken cancellationToken)
    {
        var settings = source.Settings;
        NpgsqlConnection connection;
        try
        {
            connection = PostgresSource.NewConnection(settings);
        }
        catch (ArgumentException ex)
        {
            throw PostgresErrors.Connect(ex, settings);
        }
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var live = new PostgresLiveness(settings, context, connection.ProcessID, "opening the snapshot", cancellationToken);
            var outer = cancellationToken;
            cancellationToken = live.Token;
            try
            {
                return await BeginAsync(source, context, connection, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (live.Caused(ex) && !outer.IsCancellationRequested)
            {
                throw live.StallError("opening the snapshot", ex);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or ArgumentException or InvalidOperationException
            or SourceException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw ex as SourceException ?? PostgresErrors.Connect(ex, settings);
        }
    }

    private static async Task<PostgresSession> BeginAsync(PostgresSource source, SourceRunContext context, NpgsqlConnection connection,
        CancellationToken cancellationToken)
    {
        var settings = source.Settings;
        var timeout = ((long)settings.CommandTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        // Settings that make text forms stable whatever the server's defaults: UTC, ISO dates and intervals, exact floats.
        var begin = new NpgsqlCommand(
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; " +
            $"SET LOCAL statement_timeout = '{timeout}ms'; SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; " +
            "SET LOCAL IntervalStyle = 'iso_8601'; SET LOCAL extra_float_digits = 3", connection);
        await using (begin.ConfigureAwait(false))
        {
            await begin.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        string snapshot, version;
        int versionNumber;
        // The first query of a REPEATABLE READ transaction fixes its snapshot: this one, so the recorded snapshot is the one read.
        var info = new NpgsqlCommand(
            "SELECT pg_current_snapshot()::text, current_setting('server_version'), current_setting('server_version_num')::int", connection);
        await using (info.ConfigureAwait(false))
        {
            var reader = await info.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                snapshot = reader.GetString(0);
                version = reader.GetString(1);
                versionNumber = reader.GetInt32(2);
            }
        }
        PostgresLog.SnapshotOpened(context.Logger, context.Source, ManifestKeys.FormatDate(context.IngestDate), context.RunId,
            settings.Describe(), version, snapshot);
        return new PostgresSession(source, context, connection, snapshot, version, versionNumber);
    }
}
