namespace Landfall.Planning;

/// <summary>Which date <c>run</c> would ingest next, and why.</summary>
/// <param name="NextDate">The next business date, or null when every source is complete through <paramref name="LastCompleteDate"/>.</param>
/// <param name="LastCompleteDate">Today in the schedule's time zone minus the lag: the newest date that may be ingested.</param>
/// <param name="Sources">Per source: latest successful date and its own next date.</param>
/// <param name="Why">A sentence explaining the choice.</param>
internal sealed record DatePlan(DateOnly? NextDate, DateOnly LastCompleteDate, IReadOnlyList<SourceProgress> Sources, string Why);

/// <summary>Where one source stands.</summary>
/// <param name="Source">Source name.</param>
/// <param name="LatestSuccessfulDate">Newest date whose latest manifest is a success, or null.</param>
/// <param name="NextDate">Latest successful date + 1, or the start date without history.</param>
internal sealed record SourceProgress(string Source, DateOnly? LatestSuccessfulDate, DateOnly NextDate);
