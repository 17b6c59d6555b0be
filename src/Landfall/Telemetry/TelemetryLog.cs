using Microsoft.Extensions.Logging;

namespace Landfall.Telemetry;

/// <summary>Log events of telemetry (95xx): what could not be sent, said once per run; none of them fails a run.</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(9501, LogLevel.Warning,
        "lineage_send_failed: OpenLineage events could not be sent to {Target}: {Problem}. The ingestion goes on; this run sends no more " +
        "lineage events", EventName = "lineage_send_failed")]
    public static partial void LineageFailed(ILogger logger, string target, string problem);

    [LoggerMessage(9502, LogLevel.Warning,
        "lineage_send_slow: {Pending} OpenLineage events were still waiting for {Target} after {Seconds}s at the end of the run; they " +
        "are not sent", EventName = "lineage_send_slow")]
    public static partial void LineageSlow(ILogger logger, string target, int pending, double seconds);

    [LoggerMessage(9503, LogLevel.Warning,
        "pushgateway_push_failed: the run's metrics could not be pushed to {Target}: {Problem}. The ingestion is not affected; the " +
        "Pushgateway keeps the previous push", EventName = "pushgateway_push_failed")]
    public static partial void PushFailed(ILogger logger, string target, string problem);

    [LoggerMessage(9504, LogLevel.Information, "pushgateway_pushed: {Groups} metric groups pushed to {Target}", EventName = "pushgateway_pushed")]
    public static partial void Pushed(ILogger logger, string target, int groups);

    [LoggerMessage(9505, LogLevel.Warning,
        "telemetry_setting_ignored: {Variable} is '{Value}', not an http:// or https:// URL; nothing is sent there", EventName = "telemetry_setting_ignored")]
    public static partial void SettingIgnored(ILogger logger, string variable, string value);
}
