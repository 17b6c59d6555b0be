using Microsoft.Extensions.Logging;

namespace Landfall.Diagnostics;

/// <summary>
/// Every log event Landfall emits, with stable names (the EventId name) that operators can alert on.
/// Ids: 1xxx manifests, 2xxx runs, 3xxx lake, 4xxx sources, 5xxx config, 8xxx current data (6xxx reconcile and 7xxx ledger index
/// live beside their code). Values are never secrets.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Warning, "manifest_decode_failed: {Key} is not valid JSON ({Problem}); treated as not success",
        EventName = "manifest_decode_failed")]
    public static partial void ManifestDecodeFailed(ILogger logger, string key, string? problem);

    [LoggerMessage(1002, LogLevel.Warning, "manifest_not_object: {Key} is not a JSON object ({Problem}); treated as not success",
        EventName = "manifest_not_object")]
    public static partial void ManifestNotObject(ILogger logger, string key, string? problem);

    [LoggerMessage(1003, LogLevel.Warning, "manifest_status_invalid: {Key} has no string status; treated as not success",
        EventName = "manifest_status_invalid")]
    public static partial void ManifestStatusInvalid(ILogger logger, string key);

    [LoggerMessage(1004, LogLevel.Warning, "manifest_read_failed: {Key} could not be read ({Problem}); treated as not success",
        EventName = "manifest_read_failed")]
    public static partial void ManifestReadFailed(ILogger logger, string key, string? problem);

    [LoggerMessage(1007, LogLevel.Warning, "manifest_too_large: {Key} is {Problem}; treated as not success",
        EventName = "manifest_too_large")]
    public static partial void ManifestTooLarge(ILogger logger, string key, string? problem);

    [LoggerMessage(1005, LogLevel.Warning,
        "manifest_in_future: {Key} has LastModified {LastModified}, ahead of this host's clock ({Now}); as the newest object it stays the " +
        "latest manifest of its date until a newer one is written after that time. Check the clocks, or the lake's", EventName = "manifest_in_future")]
    public static partial void ManifestInFuture(ILogger logger, string key, string lastModified, string now);

    [LoggerMessage(1006, LogLevel.Warning,
        "manifest_key_foreign: {Key} is in a manifest folder but is not named run_id=R.json; it counts as a manifest of its date " +
        "(as in the seed's code), read without trust. Move it out of _manifests/ if it is not one", EventName = "manifest_key_foreign")]
    public static partial void ManifestKeyForeign(ILogger logger, string key);

    [LoggerMessage(1010, LogLevel.Information, "manifest_written: {Status} {Key}", EventName = "manifest_written")]
    public static partial void ManifestWritten(ILogger logger, string status, string key);

    [LoggerMessage(2001, LogLevel.Information,
        "ingest_skipped: {Source} {IngestDate} reason={Reason} by={LatestKey} run_id={RunId}", EventName = "ingest_skipped")]
    public static partial void IngestSkipped(ILogger logger, string source, string ingestDate, string runId, string reason, string? latestKey);

    [LoggerMessage(2002, LogLevel.Information, "ingest_started: {Source} {IngestDate} run_id={RunId}", EventName = "ingest_started")]
    public static partial void IngestStarted(ILogger logger, string source, string ingestDate, string runId);

    [LoggerMessage(2003, LogLevel.Debug, "entity_started: {Source}.{Entity} {IngestDate} run_id={RunId}", EventName = "entity_started")]
    public static partial void EntityStarted(ILogger logger, string source, string entity, string ingestDate, string runId);

    [LoggerMessage(2004, LogLevel.Information,
        "entity_completed: {Source}.{Entity} {IngestDate} objects={Objects} bytes={Bytes} run_id={RunId}", EventName = "entity_completed")]
    public static partial void EntityCompleted(ILogger logger, string source, string entity, string ingestDate, string runId, int objects, long bytes);

    [LoggerMessage(2005, LogLevel.Error, "entity_failed: {Source}.{Entity} {IngestDate} {ErrorType}: {Message} run_id={RunId}", EventName = "entity_failed")]
    public static partial void EntityFailed(ILogger logger, string source, string entity, string ingestDate, string runId, string errorType,
        string message, Exception? exception);

    [LoggerMessage(2006, LogLevel.Information, "ingest_completed: {Source} {IngestDate} status={Status} in {DurationMs} ms run_id={RunId}",
        EventName = "ingest_completed")]
    public static partial void IngestCompleted(ILogger logger, string source, string ingestDate, string runId, string status, long durationMs);

    [LoggerMessage(2007, LogLevel.Error, "manifest_write_failed: {Source} {IngestDate} run_id={RunId}: {Message}",
        EventName = "manifest_write_failed")]
    public static partial void ManifestWriteFailed(ILogger logger, string source, string ingestDate, string runId, string message, Exception exception);

    [LoggerMessage(2008, LogLevel.Debug, "object_written: {Source}.{Entity} {IngestDate} {Key} bytes={Bytes} run_id={RunId}", EventName = "object_written")]
    public static partial void ObjectWritten(ILogger logger, string source, string entity, string ingestDate, string runId, string key, long bytes);

    [LoggerMessage(2010, LogLevel.Information,
        "source_waiting: {Source} {IngestDate} {Reason}: {Message} Late after {Deadline}; no manifest written run_id={RunId}",
        EventName = "source_waiting")]
    public static partial void SourceWaiting(ILogger logger, string source, string ingestDate, string runId, string reason, string message,
        string deadline);

    [LoggerMessage(2011, LogLevel.Error, "source_late: {Source} {IngestDate} was due by {Deadline}: {Message} run_id={RunId}",
        EventName = "source_late")]
    public static partial void SourceLate(ILogger logger, string source, string ingestDate, string runId, string deadline, string message);

    [LoggerMessage(2012, LogLevel.Warning,
        "source_still_late: {Source} {IngestDate} is still late and nothing changed since {LatestKey}; no new manifest run_id={RunId}",
        EventName = "source_still_late")]
    public static partial void SourceStillLate(ILogger logger, string source, string ingestDate, string runId, string latestKey);

    [LoggerMessage(2013, LogLevel.Information, "hole_repair: {IngestDate} behind the latest success of {Sources}; retrying it",
        EventName = "hole_repair")]
    public static partial void HoleRepair(ILogger logger, string ingestDate, string sources);

    [LoggerMessage(2020, LogLevel.Information, "date_planned: {IngestDate} ({Why})", EventName = "date_planned")]
    public static partial void DatePlanned(ILogger logger, string ingestDate, string why);

    [LoggerMessage(2021, LogLevel.Information, "up_to_date: nothing to do: {Why}", EventName = "up_to_date")]
    public static partial void UpToDate(ILogger logger, string why);

    [LoggerMessage(2040, LogLevel.Warning,
        "extraction_retry: {Source} {IngestDate} extracting the date again within the run (attempt {Attempt}) after {DelayMs} ms: {Message}; " +
        "the broken attempt's objects are never referenced run_id={RunId}", EventName = "extraction_retry")]
    public static partial void ExtractionRetry(ILogger logger, string source, string ingestDate, string runId, int attempt, double delayMs, string message);

    [LoggerMessage(5001, LogLevel.Warning, "config_warning: {Warning}", EventName = "config_warning")]
    public static partial void ConfigWarning(ILogger logger, string warning);

    [LoggerMessage(3001, LogLevel.Warning, "lake_retry: {Operation} {Key} attempt {Attempt} after {DelayMs} ms: {Message}",
        EventName = "lake_retry")]
    public static partial void LakeRetry(ILogger logger, string operation, string key, int attempt, double delayMs, string message);

    [LoggerMessage(8002, LogLevel.Warning,
        "object_outside_run_prefix: {Manifest} names {Key}, which is not under {Expected}: left out; run landfall verify",
        EventName = "object_outside_run_prefix")]
    public static partial void ObjectOutsideRunPrefix(ILogger logger, string manifest, string key, string expected);

    [LoggerMessage(8001, LogLevel.Warning,
        "entity_not_configured: the entity '{Entity}' asked for is not an entity of the selected sources in the config ({Declared}); only dates whose " +
        "manifests recorded it are listed (a typo lists nothing)", EventName = "entity_not_configured")]
    public static partial void EntityNotConfigured(ILogger logger, string entity, string declared);
}
