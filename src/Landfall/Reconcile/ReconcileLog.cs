using Microsoft.Extensions.Logging;

namespace Landfall.Reconcile;

/// <summary>Log events of reconcile (ids 50xx). Values are never secrets.</summary>
internal static partial class ReconcileLog
{
    [LoggerMessage(6001, LogLevel.Information,
        "reconcile_compared: {Source} {IngestDate} {Status} {Summary} against run_id={RunId}", EventName = "reconcile_compared")]
    public static partial void Compared(ILogger logger, string source, string ingestDate, string status, string summary, string? runId);

    [LoggerMessage(6002, LogLevel.Warning,
        "reconcile_drift_found: {Source} {IngestDate} {Summary} against run_id={RunId}", EventName = "reconcile_drift_found")]
    public static partial void DriftFound(ILogger logger, string source, string ingestDate, string summary, string? runId);

    [LoggerMessage(6003, LogLevel.Warning, "reconcile_failed: {Source} {IngestDate} {Reason}: {Message}", EventName = "reconcile_failed")]
    public static partial void Failed(ILogger logger, string source, string ingestDate, string reason, string message);

    [LoggerMessage(6004, LogLevel.Information,
        "reconcile_reingest_deferred: {Source} {IngestDate}: {Why}", EventName = "reconcile_reingest_deferred")]
    public static partial void Deferred(ILogger logger, string source, string ingestDate, string why);

    [LoggerMessage(6005, LogLevel.Warning, "reconcile_after_run_failed: {Source}: {Message}", EventName = "reconcile_after_run_failed")]
    public static partial void AfterRunFailed(ILogger logger, string source, string message, Exception? exception);
}
