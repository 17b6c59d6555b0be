using Microsoft.Extensions.Logging;

namespace Landfall.Sources.Postgres;

/// <summary>Log events of the postgres source (ids 41xx). Never the connection string or password.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(4101, LogLevel.Information,
        "pg_snapshot_opened: {Source} {IngestDate} at {Where} server {ServerVersion} snapshot {Snapshot} run_id={RunId}",
        EventName = "pg_snapshot_opened")]
    public static partial void SnapshotOpened(ILogger logger, string source, string ingestDate, string runId, string where, string serverVersion,
        string snapshot);

    [LoggerMessage(4102, LogLevel.Warning, "pg_retry: {Source} {IngestDate} attempt {Attempt} after {DelayMs} ms: {Reason}: {Message} run_id={RunId}",
        EventName = "pg_retry")]
    public static partial void Retry(ILogger logger, string source, string ingestDate, string runId, int attempt, double delayMs, string reason,
        string message);

    [LoggerMessage(4103, LogLevel.Information,
        "pg_entity_read: {Source}.{Entity} {IngestDate} rows_written={RowsWritten} rows_counted={RowsCounted} objects={Objects} run_id={RunId}",
        EventName = "pg_entity_read")]
    public static partial void EntityRead(ILogger logger, string source, string entity, string ingestDate, string runId, long rowsWritten,
        long rowsCounted, int objects);

    [LoggerMessage(4104, LogLevel.Warning,
        "pg_text_form_columns: {Source}.{Entity} {IngestDate} written as text: {Columns} run_id={RunId}", EventName = "pg_text_form_columns")]
    public static partial void TextFormColumns(ILogger logger, string source, string entity, string ingestDate, string runId, string columns);

    [LoggerMessage(4105, LogLevel.Information,
        "pg_fingerprint_unavailable: {Source}.{Entity} {Algorithm} cannot be computed for this result ({Problem})",
        EventName = "pg_fingerprint_unavailable")]
    public static partial void FingerprintUnavailable(ILogger logger, string source, string entity, string algorithm, string problem);

    [LoggerMessage(4106, LogLevel.Warning,
        "pg_stalled: {Source} {IngestDate} PostgreSQL {Where} sent nothing for {Limit} while {What}; dropping the connection run_id={RunId}",
        EventName = "pg_stalled")]
    public static partial void Stalled(ILogger logger, string source, string ingestDate, string runId, string where, string what, string limit);
}
