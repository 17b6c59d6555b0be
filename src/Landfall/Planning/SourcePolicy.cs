using System.Globalization;
using Landfall.Config;

namespace Landfall.Planning;

/// <summary>
/// When a source's data is due and how stale it may get: keys every source takes, whatever its kind. Until a date's deadline a
/// date whose data is not there yet is <c>waiting</c> (no manifest, exit 0); past it, a failed manifest with error type <c>late</c>.
/// </summary>
public sealed record SourcePolicy
{
    /// <summary>The <c>expected_days_after</c> setting: the deadline falls on the business date plus this many days.</summary>
    public static readonly IntSetting ExpectedDaysAfterSetting = new("expected_days_after", 1, 0, 366);

    /// <summary>The <c>freshness.warn_after</c> setting.</summary>
    public static readonly DurationSetting WarnAfterSetting = new("warn_after", null, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650));

    /// <summary>The <c>freshness.error_after</c> setting.</summary>
    public static readonly DurationSetting ErrorAfterSetting = new("error_after", null, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650));

    /// <summary>The source-level keys of the policy.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["expected_by", ExpectedDaysAfterSetting.Key, "freshness"];

    /// <summary>The policy of a source that sets none: due by the end of the day after its business date, no freshness alert.</summary>
    public static SourcePolicy Default { get; } = new();

    /// <summary>
    /// The time of day (in the schedule's time zone) by which a date's data should be there, on the business date plus
    /// <see cref="ExpectedDaysAfter"/> days; null: by the end of that day.
    /// </summary>
    public TimeOnly? ExpectedBy { get; init; }

    /// <summary>Days after the business date on which <see cref="ExpectedBy"/> falls (default 1).</summary>
    public int ExpectedDaysAfter { get; init; } = ExpectedDaysAfterSetting.Default;

    /// <summary>Age of the newest complete date beyond which <c>status --check</c> warns; null for none.</summary>
    public TimeSpan? FreshnessWarnAfter { get; init; }

    /// <summary>Age of the newest complete date beyond which <c>status --check</c> fails; null for none.</summary>
    public TimeSpan? FreshnessErrorAfter { get; init; }

    /// <summary>The instant past which <paramref name="date"/> is late, in <paramref name="zone"/>.</summary>
    public DateTimeOffset DeadlineOf(DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var day = date.AddDays(ExpectedDaysAfter);
        var local = ExpectedBy is { } at ? day.ToDateTime(at) : day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return Local(local, zone);
    }

    /// <summary>The start of <paramref name="date"/> in <paramref name="zone"/>.</summary>
    public static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return Local(date.ToDateTime(TimeOnly.MinValue), zone);
    }

    private static DateTimeOffset Local(DateTime local, TimeZoneInfo zone)
    {
        // A wall time skipped by a daylight-saving change is taken as the first one after it.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Reads the policy keys of a source node.</summary>
    public static SourcePolicy Parse(ConfigNode source)
    {
        ArgumentNullException.ThrowIfNull(source);
        TimeOnly? expectedBy = null;
        if (source.Child("expected_by") is { } at)
        {
            var text = at.AsString().Trim();
            if (!TimeOnly.TryParseExact(text, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                throw at.Error($"'{text}' is not a time of day (HH:mm, such as 06:00, in schedule.timezone)");
            }
            expectedBy = time;
        }
        TimeSpan? warn = null;
        TimeSpan? error = null;
        if (source.Child("freshness") is { } freshness)
        {
            freshness.OnlyKeys(WarnAfterSetting.Key, ErrorAfterSetting.Key);
            warn = freshness.GetOptional(WarnAfterSetting);
            error = freshness.GetOptional(ErrorAfterSetting);
            if (warn is null && error is null)
            {
                throw freshness.Error("give warn_after, error_after or both (durations such as 36h), or leave freshness out");
            }
            if (warn is { } w && error is { } e && w > e)
            {
                throw freshness.Required(WarnAfterSetting.Key).Error($"{ConfigDuration.Format(w)} is after error_after {ConfigDuration.Format(e)}");
            }
        }
        return new SourcePolicy
        {
            ExpectedBy = expectedBy,
            ExpectedDaysAfter = source.Get(ExpectedDaysAfterSetting),
            FreshnessWarnAfter = warn,
            FreshnessErrorAfter = error,
        };
    }
}
