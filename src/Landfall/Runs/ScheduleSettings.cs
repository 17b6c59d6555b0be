using Landfall.Claims;
using Landfall.Config;

namespace Landfall.Runs;

/// <summary>Schedule settings (the <c>schedule:</c> section): which dates are complete, how many sources run at once, claims.</summary>
public sealed class ScheduleSettings
{
    /// <summary>The <c>lag_days</c> setting.</summary>
    public static readonly IntSetting LagDaysSetting = new("lag_days", 1, 0, 3650);

    /// <summary>The <c>max_parallel_sources</c> setting.</summary>
    public static readonly IntSetting MaxParallelSourcesSetting = new("max_parallel_sources", 4, 1, 64);

    /// <summary>The <c>max_repairs_per_run</c> setting: holes one run repairs at most, oldest first.</summary>
    public static readonly IntSetting MaxRepairsPerRunSetting = new("max_repairs_per_run", 10, 0, 1000);

    /// <summary>
    /// The <c>index_after_run_min_uncovered</c> setting: at the end of <c>run</c>, a source it wrote a manifest for gets a fresh ledger
    /// index when at least this many of its manifests are not covered by its newest one; 0 turns it off.
    /// </summary>
    public static readonly IntSetting IndexAfterRunMinUncoveredSetting = new("index_after_run_min_uncovered", 200, 0, 1_000_000);

    /// <summary>The default of <c>repair_holes</c>.</summary>
    public const bool DefaultRepairHoles = true;

    /// <summary>The config keys of the section.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "timezone", LagDaysSetting.Key, MaxParallelSourcesSetting.Key, ClaimOptions.LeaseSecondsSetting.Key,
        ClaimOptions.RenewSecondsSetting.Key, ClaimOptions.ChoosingTimeoutSecondsSetting.Key, "repair_holes", MaxRepairsPerRunSetting.Key,
        IndexAfterRunMinUncoveredSetting.Key,
    ];

    /// <summary>Time zone that decides what "today" is (default UTC).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Days between today and the last complete business date (default 1: yesterday is the newest complete date).</summary>
    public int LagDays { get; init; } = LagDaysSetting.Default;

    /// <summary>How many sources of one date run at once (default 4).</summary>
    public int MaxParallelSources { get; init; } = MaxParallelSourcesSetting.Default;

    /// <summary>How concurrent runners share the lake (claim_lease_seconds, claim_renew_seconds, claim_wait_seconds).</summary>
    public ClaimOptions Claims { get; init; } = new();

    /// <summary>
    /// Whether <c>run</c> without a date first retries the holes: dates before a source's latest success whose latest manifest is
    /// not a success (default true).
    /// </summary>
    public bool RepairHoles { get; init; } = DefaultRepairHoles;

    /// <summary>How many holes one run repairs at most, oldest first (default 10); the next run takes the next ones.</summary>
    public int MaxRepairsPerRun { get; init; } = MaxRepairsPerRunSetting.Default;

    /// <summary>
    /// How many manifests of a source must be uncovered by its newest ledger index for <c>run</c> to write a fresh one at its end
    /// (default 200; 0: never).
    /// </summary>
    public int IndexAfterRunMinUncovered { get; init; } = IndexAfterRunMinUncoveredSetting.Default;

    /// <summary>Today in the schedule's time zone at <paramref name="now"/>.</summary>
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZone).Date);

    /// <summary>Today minus the lag at <paramref name="now"/>: the newest business date that is complete.</summary>
    public DateOnly LastCompleteDate(DateTimeOffset now) => Today(now).AddDays(-LagDays);

    /// <summary>Reads and validates a <c>schedule:</c> section; the defaults when it is absent.</summary>
    public static ScheduleSettings Parse(ConfigNode? node)
    {
        if (node is null)
        {
            return new ScheduleSettings();
        }
        node.OnlyKeys([.. Keys, ClaimOptions.RetiredTtlMinutesKey]);
        node.Child(ClaimOptions.RetiredTtlMinutesKey)?.Warn(
            $"is no longer used and is ignored: a claim is now a lease that its run renews while it works. Remove it; set " +
            $"schedule.{ClaimOptions.LeaseSecondsSetting.Key} (default {ClaimOptions.LeaseSecondsSetting.Default}) and " +
            $"schedule.{ClaimOptions.RenewSecondsSetting.Key} (default {ClaimOptions.RenewSecondsSetting.Default}) instead " +
            "(docs/concurrency.md)");
        return new ScheduleSettings
        {
            TimeZone = node.Child("timezone") is { } tz ? ConfigTimeZone.Parse(tz) : TimeZoneInfo.Utc,
            LagDays = node.Get(LagDaysSetting),
            MaxParallelSources = node.Get(MaxParallelSourcesSetting),
            RepairHoles = node.Bool("repair_holes", DefaultRepairHoles),
            MaxRepairsPerRun = node.Get(MaxRepairsPerRunSetting),
            IndexAfterRunMinUncovered = node.Get(IndexAfterRunMinUncoveredSetting),
            Claims = ParseClaims(node),
        };
    }

    private static ClaimOptions ParseClaims(ConfigNode node)
    {
        var lease = node.Get(ClaimOptions.LeaseSecondsSetting);
        var renew = node.Get(ClaimOptions.RenewSecondsSetting);
        if (renew * 3 > lease)
        {
            // Blame the key the user wrote: the renewal when given, else the lease that is too short for the default renewal.
            var (leaseKey, renewKey) = (ClaimOptions.LeaseSecondsSetting.Key, ClaimOptions.RenewSecondsSetting.Key);
            throw node.Child(renewKey) is { } given
                ? given.Error($"{renew} is more than a third of {leaseKey} ({lease}); a run must be able to renew its claim several " +
                    $"times within the lease: use at most {lease / 3}")
                : node.Required(leaseKey).Error($"{lease} is less than three times {renewKey} ({renew}, the default); use at least " +
                    $"{renew * 3}, or set {renewKey} to at most {lease / 3}");
        }
        return new ClaimOptions
        {
            Lease = TimeSpan.FromSeconds(lease),
            RenewInterval = TimeSpan.FromSeconds(renew),
            ChoosingTimeout = TimeSpan.FromSeconds(node.Get(ClaimOptions.ChoosingTimeoutSecondsSetting)),
        };
    }
}
