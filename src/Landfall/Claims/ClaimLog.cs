using Microsoft.Extensions.Logging;

namespace Landfall.Claims;

/// <summary>The log events of claims and leases (ids 2030-2039, with the runs'). Events carry the run's scope (run_id, source, date).</summary>
internal static partial class ClaimLog
{
    [LoggerMessage(2030, LogLevel.Debug, "claim_renewed: {Key} in {DurationMs} ms", EventName = "claim_renewed")]
    public static partial void Renewed(ILogger logger, string key, long durationMs);

    [LoggerMessage(2031, LogLevel.Warning,
        "claim_renew_failed: {Key}: {Message}; the last renewal was {SinceMs} ms ago, the run must renew within {DeadlineMs} ms",
        EventName = "claim_renew_failed")]
    public static partial void RenewFailed(ILogger logger, string key, string message, long sinceMs, long deadlineMs);

    [LoggerMessage(2032, LogLevel.Error, "lease_lost: {Source} {IngestDate} run_id={RunId}: {Message}", EventName = "lease_lost")]
    public static partial void LeaseLost(ILogger logger, string source, string ingestDate, string runId, string message);

    [LoggerMessage(2033, LogLevel.Warning, "claim_release_failed: {Key}: {Message}; the claim expires with its lease instead",
        EventName = "claim_release_failed")]
    public static partial void ReleaseFailed(ILogger logger, string key, string message);

    [LoggerMessage(2034, LogLevel.Warning, "claim_unreadable: {Key}: {Message}; counted as live", EventName = "claim_unreadable")]
    public static partial void Unreadable(ILogger logger, string key, string message);
}
