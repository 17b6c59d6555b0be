namespace Landfall.Planning;

/// <summary>What <c>run</c> would do now and why, from the manifests alone.</summary>
/// <param name="Date">The date decided for: the one asked, else the next business date; null when there is nothing to do.</param>
/// <param name="LastCompleteDate">Today in the schedule's time zone minus the lag: the newest date that may be ingested.</param>
/// <param name="Why">A sentence explaining the next business date.</param>
/// <param name="Sources">Per source: where it stands and what a run would do on <paramref name="Date"/>.</param>
public sealed record PlanResult(DateOnly? Date, DateOnly LastCompleteDate, string Why, IReadOnlyList<SourcePlan> Sources)
{
    /// <summary>The holes the next run (without a date) repairs first, oldest first, within schedule.max_repairs_per_run.</summary>
    public IReadOnlyList<HoleRepair> Repairs { get; init; } = [];

    /// <summary>
    /// One unit per (source, date) that <c>run</c> with the same options would visit, in date then config order: with
    /// <see cref="PlanRequest.From"/>/<see cref="PlanRequest.To"/> every date of the range, with
    /// <see cref="PlanRequest.CatchUp"/> every date a catch-up would reach, else <see cref="Date"/>. Each is one
    /// <c>landfall run --source S --date D</c>; the units are independent and may run in any order, in parallel.
    /// </summary>
    public IReadOnlyList<WorkUnit> Units { get; init; } = [];
}

/// <summary>A date behind a source's latest success whose latest manifest is not a success: a hole <c>run</c> repairs.</summary>
/// <param name="Source">Source name.</param>
/// <param name="Date">Business date.</param>
/// <param name="Reason">never_ingested, latest_manifest_failed, latest_manifest_unreadable.</param>
public sealed record HoleRepair(string Source, DateOnly Date, string Reason);

/// <summary>One source in a plan.</summary>
/// <param name="Source">Source name.</param>
/// <param name="LatestSuccessfulDate">Newest date whose latest manifest is a success, or null.</param>
/// <param name="NextDate">Latest successful date + 1, or the start date without history.</param>
/// <param name="Action">ingest, skip, or none when there is no date to decide for.</param>
/// <param name="Reason">Why (no_manifest, latest_manifest_failed, latest_manifest_success, ...).</param>
/// <param name="LatestManifest">The key of the date's latest manifest, if any.</param>
public sealed record SourcePlan(string Source, DateOnly? LatestSuccessfulDate, DateOnly NextDate, PlanAction Action, string? Reason,
    string? LatestManifest);

/// <summary>One (source, date) of a plan: what <c>landfall run --source S --date D</c> would do now, from the manifests alone.</summary>
/// <param name="Source">Source name.</param>
/// <param name="Date">Business date.</param>
/// <param name="Action"><c>ingest</c> or <c>skip</c> (the date's latest manifest is a success).</param>
/// <param name="Reason">no_manifest, latest_manifest_failed, latest_manifest_unreadable, or latest_manifest_success.</param>
public sealed record WorkUnit(string Source, DateOnly Date, PlanAction Action, string Reason);
