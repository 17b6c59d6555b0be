using Landfall.Claims;
using Landfall.Config;

namespace Landfall.Planning;

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

    /// <summary>
    /// The largest manifest any command reads, in MiB: a larger object is not read (manifest_too_large) and counts as not success, as
    /// a corrupt one. Real manifests are a few KB to a few MB.
    /// </summary>
    public static readonly IntSetting MaxManifestMiBSetting = new("max_manifest_mib", 64, 1, 1024);

    /// <summary>The default of <c>repair_holes</c>.</summary>
    public const bool DefaultRepairHoles = true;

    /// <summary>The config keys of the section.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "timezone", LagDaysSetting.Key, MaxParallelSourcesSetting.Key, ClaimOptions.LeaseSetting.Key, ClaimOptions.RenewSetting.Key,
        ClaimOptions.WaitSetting.Key, "repair_holes", MaxRepairsPerRunSetting.Key, IndexAfterRunMinUncoveredSetting.Key,
        MaxManifestMiBSetting.Key,
    ];

    /// <summary>Time zone that decides what "today" is (default UTC).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Days between today and the last complete business date (default 1: yesterday is the newest complete date).</summary>
    public int LagDays { get; init; } = LagDaysSetting.Default;

    /// <summary>How many sources of one date run at once (default 4).</summary>
    public int MaxParallelSources { get; init; } = MaxParallelSourcesSetting.Default;

    /// <summary>How concurrent runners share the lake (claim_lease, claim_renew, claim_wait).</summary>
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

    /// <summary>The largest manifest read, in MiB (default 64); larger ones fail open as manifest_too_large.</summary>
    public int MaxManifestMiB { get; init; } = MaxManifestMiBSetting.Default;

    /// <summary>The largest manifest read, in bytes.</summary>
    public long MaxManifestBytes => MaxManifestMiB * 1024L * 1024;

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
        node.OnlyKeys([.. Keys, ClaimOptions.RetiredTtlMinutesKey, .. ClaimOptions.RetiredSecondsKeys.Keys]);
        node.Child(ClaimOptions.RetiredTtlMinutesKey)?.Warn(
            $"is no longer used and is ignored: a claim is now a lease that its run renews while it works. Remove it; set " +
            $"schedule.{ClaimOptions.LeaseSetting.Key} (default {ConfigDuration.Format(ClaimOptions.LeaseSetting.DefaultValue)}) and " +
            $"schedule.{ClaimOptions.RenewSetting.Key} (default {ConfigDuration.Format(ClaimOptions.RenewSetting.DefaultValue)}) instead " +
            "(docs/concurrency.md)");
        return new ScheduleSettings
        {
            TimeZone = node.Child("timezone") is { } tz ? ConfigTimeZone.Parse(tz) : TimeZoneInfo.Utc,
            LagDays = node.Get(LagDaysSetting),
            MaxParallelSources = node.Get(MaxParallelSourcesSetting),
            RepairHoles = node.Bool("repair_holes", DefaultRepairHoles),
            MaxRepairsPerRun = node.Get(MaxRepairsPerRunSetting),
            IndexAfterRunMinUncovered = node.Get(IndexAfterRunMinUncoveredSetting),
            MaxManifestMiB = node.Get(MaxManifestMiBSetting),
            Claims = ParseClaims(node),
        };
    }

    private static ClaimOptions ParseClaims(ConfigNode node)
    {
        var (lease, leaseNode) = ClaimDuration(node, ClaimOptions.LeaseSetting);
        var (renew, renewNode) = ClaimDuration(node, ClaimOptions.RenewSetting);
        if (ClaimOptions.RenewalMismatch(lease, renew) is { } problem)
        {
            // Blame the key the user wrote: the renewal when given, else the lease that is too short for the default renewal.
            var (leaseKey, renewKey) = (ClaimOptions.LeaseSetting.Key, ClaimOptions.RenewSetting.Key);
            throw renewNode is not null
                ? renewNode.Error($"{problem}: give {renewKey} at most {ConfigDuration.Format(Third(lease))}")
                : leaseNode!.Error($"{problem} ({renewKey} is {ConfigDuration.Format(renew)} by default): give {leaseKey} at least " +
                    $"{ConfigDuration.Format(renew * 3)}, or {renewKey} at most {ConfigDuration.Format(Third(lease))}");
        }
        return new ClaimOptions { Lease = lease, Renew = renew, Wait = ClaimDuration(node, ClaimOptions.WaitSetting).Value };
    }

    /// <summary>A third of a lease in whole seconds, rounded down: the longest renewal to suggest.</summary>
    private static TimeSpan Third(TimeSpan lease) => TimeSpan.FromSeconds(Math.Floor(lease.TotalSeconds / 3));

    /// <summary>
    /// A claim duration from its key (<c>claim_lease: 60s</c>) or from the whole-seconds key it replaced (<c>claim_lease_seconds: 60</c>),
    /// which still loads, with a warning naming the new key; both at once is an error. The node it came from, when given.
    /// </summary>
    private static (TimeSpan Value, ConfigNode? Node) ClaimDuration(ConfigNode node, DurationSetting setting)
    {
        var retired = ClaimOptions.RetiredSecondsKeys.Single(kv => kv.Value == setting).Key;
        if (node.Child(retired) is not { } old)
        {
            return (node.Get(setting), node.Child(setting.Key));
        }
        if (node.Child(setting.Key) is not null)
        {
            throw old.Error($"give either {setting.Key} or the older {retired}, not both; keep {setting.Key}");
        }
        var seconds = node.Get(new IntSetting(retired, 0, (int)setting.Min.TotalSeconds, (int)setting.Max.TotalSeconds));
        old.Warn($"is the older name of {setting.Key}, in whole seconds; write {setting.Key}: {ConfigDuration.Format(TimeSpan.FromSeconds(seconds))} " +
            "instead (the one duration syntax: 500ms, 30s, 15m, 2h)");
        return (TimeSpan.FromSeconds(seconds), old);
    }
}
