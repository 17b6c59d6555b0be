namespace Landfall.Status;

/// <summary>Where every source stands, and the lake-wide complete-through date downstream jobs read.</summary>
/// <param name="Env">The environment.</param>
/// <param name="Lake">Where the lake is (no secrets).</param>
/// <param name="CompleteThrough">The last date through which every reported source has succeeded with no gap, or null.</param>
/// <param name="LastCompleteDate">Today in the schedule's time zone minus the lag.</param>
/// <param name="Sources">Per source.</param>
public sealed record StatusReport(string Env, string Lake, DateOnly? CompleteThrough, DateOnly LastCompleteDate,
    IReadOnlyList<SourceStatus> Sources)
{
    /// <summary>Sources past freshness.error_after or with a late date (level error), or past warn_after (level warning).</summary>
    public IReadOnlyList<StatusAlert> Alerts { get; init; } = [];

    /// <summary>True when no alert is an error: what <c>status --check</c> exits 0 on.</summary>
    public bool Healthy => Alerts.All(a => a.Level != AlertLevel.Error);
}
