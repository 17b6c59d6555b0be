using Landfall.Config;

namespace Landfall.Claims;

/// <summary>How concurrent runners decide who ingests a (source, date). See docs/concurrency.md.</summary>
public sealed record ClaimOptions
{
    /// <summary>The <c>schedule.claim_ttl_minutes</c> setting.</summary>
    public static readonly IntSetting TtlMinutesSetting = new("claim_ttl_minutes", 120, 1, 10080);

    /// <summary>The <c>schedule.claim_wait_seconds</c> setting.</summary>
    public static readonly IntSetting ChoosingTimeoutSecondsSetting = new("claim_wait_seconds", 30, 1, 3600);

    /// <summary>
    /// How long a claim without a manifest counts as a run in progress (default 2 hours). Must be longer than any run:
    /// a crashed run on another host blocks its date for this long (on the same host a dead process is detected at once).
    /// </summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromMinutes(TtlMinutesSetting.Default);

    /// <summary>How long to wait for a competitor that announced itself to take its ticket before giving way (default 30 s).</summary>
    public TimeSpan ChoosingTimeout { get; init; } = TimeSpan.FromSeconds(ChoosingTimeoutSecondsSetting.Default);

    /// <summary>Pause between listings while waiting for a competitor's ticket.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);
}
