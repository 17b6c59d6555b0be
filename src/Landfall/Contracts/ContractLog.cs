using Microsoft.Extensions.Logging;

namespace Landfall.Contracts;

/// <summary>The events of schema contracts and expectations (9001-9009).</summary>
internal static partial class ContractLog
{
    [LoggerMessage(9001, LogLevel.Warning,
        "schema_changed: {Source}.{Entity} {IngestDate} ({Mode}) against {ComparedWith}: {Change} run_id={RunId}", EventName = "schema_changed")]
    public static partial void SchemaChanged(ILogger logger, string source, string entity, string ingestDate, string mode, string comparedWith,
        string change, string runId);

    [LoggerMessage(9002, LogLevel.Information,
        "schema_accepted: {Source}.{Entity} {IngestDate} by {AcceptedBy} ({Via}): {Change} run_id={RunId}", EventName = "schema_accepted")]
    public static partial void SchemaAccepted(ILogger logger, string source, string entity, string ingestDate, string acceptedBy, string via,
        string change, string runId);

    [LoggerMessage(9003, LogLevel.Warning,
        "expectation_failed: {Source}.{Entity} {IngestDate} {Expectation} ({Level}): {Detail} run_id={RunId}", EventName = "expectation_failed")]
    public static partial void ExpectationFailed(ILogger logger, string source, string entity, string ingestDate, string expectation, string level,
        string detail, string runId);

    [LoggerMessage(9004, LogLevel.Information,
        "expectation_accepted: {Source}.{Entity} {IngestDate} {Expectation} by {AcceptedBy}: {Detail} run_id={RunId}", EventName = "expectation_accepted")]
    public static partial void ExpectationAccepted(ILogger logger, string source, string entity, string ingestDate, string expectation,
        string acceptedBy, string detail, string runId);

    [LoggerMessage(9005, LogLevel.Warning, "contract_history_failed: {Source} {IngestDate}: {Message} run_id={RunId}", EventName = "contract_history_failed")]
    public static partial void HistoryFailed(ILogger logger, string source, string ingestDate, string message, string runId, Exception exception);
}
