namespace Landfall.Status;

/// <summary>
/// How stale a source is, as dbt measures a source's freshness: from the end of its newest complete date (the day after its
/// complete_through, or its start_date when nothing is complete) to now.
/// </summary>
/// <param name="Status">ok, warn or error against the thresholds; none when the source sets no freshness.</param>
/// <param name="Since">Where the age is measured from.</param>
/// <param name="AgeHours">The age, in hours.</param>
/// <param name="WarnAfterHours">freshness.warn_after in hours, when set.</param>
/// <param name="ErrorAfterHours">freshness.error_after in hours, when set.</param>
public sealed record Freshness(FreshnessStatus Status, DateTimeOffset Since, double AgeHours, double? WarnAfterHours, double? ErrorAfterHours);
