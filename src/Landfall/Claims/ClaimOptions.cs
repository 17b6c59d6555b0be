using Landfall.Config;

namespace Landfall.Claims;

/// <summary>How concurrent runners decide who ingests a (source, date), and how long a claim lives. See docs/concurrency.md.</summary>
public sealed record ClaimOptions
{
    /// <summary>The <c>schedule.claim_lease_seconds</c> setting.</summary>
    public static readonly IntSetting LeaseSecondsSetting = new("claim_lease_seconds", 60, 6, 86400);

    /// <summary>The <c>schedule.claim_renew_seconds</c> setting.</summary>
    public static readonly IntSetting RenewSecondsSetting = new("claim_renew_seconds", 10, 1, 28800);

    /// <summary>The <c>schedule.claim_wait_seconds</c> setting.</summary>
    public static readonly IntSetting ChoosingTimeoutSecondsSetting = new("claim_wait_seconds", 30, 1, 3600);

    /// <summary>The setting that leases replaced: still accepted in a config file, with a warning, and ignored.</summary>
    public const string RetiredTtlMinutesKey = "claim_ttl_minutes";

    /// <summary>
    /// The time a claim stays live after its newest heartbeat (or its intent, before the first heartbeat), by the lake's clock
    /// (default 60 s). A run that crashed on another host blocks its date for at most this long; a run that is alive renews.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(LeaseSecondsSetting.Default);

    /// <summary>How often a run renews its claim with a heartbeat (default 10 s); at most a third of <see cref="Lease"/>.</summary>
    public TimeSpan RenewInterval { get; init; } = TimeSpan.FromSeconds(RenewSecondsSetting.Default);

    /// <summary>How long to wait for a competitor that announced itself to take its ticket before giving way (default 30 s).</summary>
    public TimeSpan ChoosingTimeout { get; init; } = TimeSpan.FromSeconds(ChoosingTimeoutSecondsSetting.Default);

    /// <summary>Pause between listings while waiting for a competitor's ticket.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The longest a run may go without a successful renewal and still write its manifest: three quarters of the lease minus
    /// <see cref="TimestampAllowance"/> (43 s for a 60 s lease). The quarter left is what a pause between the lease check and the
    /// manifest put can take before another run may judge the claim expired (docs/concurrency.md).
    /// </summary>
    public TimeSpan RenewalDeadline => Lease - Lease / 4 - TimestampAllowance;

    /// <summary>
    /// What the lake's clock can hide: S3 keeps LastModified in whole seconds, so a heartbeat's can read up to 1 s early and
    /// a competitor's reference up to 1 s late.
    /// </summary>
    public static TimeSpan TimestampAllowance { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws when the lease cannot be kept: the lease under 6 s, or a renewal interval over a third of it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The values do not fit together.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Lease, TimeSpan.FromSeconds(LeaseSecondsSetting.Min), nameof(Lease));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RenewInterval, TimeSpan.Zero, nameof(RenewInterval));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RenewInterval, Lease / 3, nameof(RenewInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ChoosingTimeout, TimeSpan.Zero, nameof(ChoosingTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
    }
}
