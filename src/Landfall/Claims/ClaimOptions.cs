using Landfall.Config;

namespace Landfall.Claims;

/// <summary>How concurrent runners decide who ingests a (source, date), and how long a claim lives. See docs/concurrency.md.</summary>
public sealed record ClaimOptions
{
    /// <summary>The <c>schedule.claim_lease</c> setting (<see cref="Lease"/>).</summary>
    public static readonly DurationSetting LeaseSetting = new("claim_lease", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(6), TimeSpan.FromDays(1));

    /// <summary>The <c>schedule.claim_renew</c> setting (<see cref="Renew"/>).</summary>
    public static readonly DurationSetting RenewSetting = new("claim_renew", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromHours(8));

    /// <summary>The <c>schedule.claim_wait</c> setting (<see cref="Wait"/>).</summary>
    public static readonly DurationSetting WaitSetting = new("claim_wait", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));

    /// <summary>The setting that leases replaced: still accepted in a config file, with a warning, and ignored.</summary>
    public const string RetiredTtlMinutesKey = "claim_ttl_minutes";

    /// <summary>
    /// The keys the duration settings replaced, in whole seconds (<c>claim_lease_seconds: 60</c>): still read, with a warning naming
    /// the new key.
    /// </summary>
    internal static IReadOnlyDictionary<string, DurationSetting> RetiredSecondsKeys { get; } = new Dictionary<string, DurationSetting>
    {
        ["claim_lease_seconds"] = LeaseSetting,
        ["claim_renew_seconds"] = RenewSetting,
        ["claim_wait_seconds"] = WaitSetting,
    };

    /// <summary>
    /// The time a claim stays live after its newest heartbeat (or its intent, before the first heartbeat), by the lake's clock
    /// (default 60 s). A run that crashed on another host blocks its date for at most this long; a run that is alive renews.
    /// </summary>
    public TimeSpan Lease { get; init; } = LeaseSetting.DefaultValue;

    /// <summary>How often a run renews its claim with a heartbeat (default 10 s); at most a third of <see cref="Lease"/>.</summary>
    public TimeSpan Renew { get; init; } = RenewSetting.DefaultValue;

    /// <summary>How long to wait for a competitor that announced itself to take its ticket before giving way (default 30 s).</summary>
    public TimeSpan Wait { get; init; } = WaitSetting.DefaultValue;

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

    /// <summary>
    /// The one rule between the lease and its renewal: a run must be able to renew several times within its lease, so the renewal
    /// interval is at most a third of the lease. Null when <paramref name="renew"/> fits <paramref name="lease"/>; else what is wrong.
    /// </summary>
    internal static string? RenewalMismatch(TimeSpan lease, TimeSpan renew) => renew * 3 > lease
        ? $"a renewal every {ConfigDuration.Format(renew)} is more than a third of a {ConfigDuration.Format(lease)} lease; a run must be " +
          "able to renew its claim several times within the lease"
        : null;

    /// <summary>Throws when the lease cannot be kept: the lease under 6 s, or a renewal interval over a third of it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The values do not fit together.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Lease, LeaseSetting.Min, nameof(Lease));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Renew, TimeSpan.Zero, nameof(Renew));
        if (RenewalMismatch(Lease, Renew) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(Renew), Renew, problem);
        }
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Wait, TimeSpan.Zero, nameof(Wait));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
    }
}
