using Landfall.Manifests;

namespace Landfall.Status;

/// <summary>Where a source stands, from its manifests alone.</summary>
public sealed record SourceStatus
{
    /// <summary>Source name.</summary>
    public required string Source { get; init; }

    /// <summary>Source kind.</summary>
    public required string Kind { get; init; }

    /// <summary>Configured start date.</summary>
    public required DateOnly StartDate { get; init; }

    /// <summary>Newest date whose latest manifest is a success (what resume uses).</summary>
    public DateOnly? LatestSuccessfulDate { get; init; }

    /// <summary>The date resume would give this source: latest success + 1, or the start date.</summary>
    public required DateOnly NextDate { get; init; }

    /// <summary>Days from <see cref="NextDate"/> to the last complete date, inclusive; 0 when caught up.</summary>
    public required int DaysBehind { get; init; }

    /// <summary>
    /// The last date D such that every date from the start date through D has a latest manifest that is a success:
    /// no gap and no failed date before it. Null when the start date itself is not done.
    /// </summary>
    public DateOnly? CompleteThrough { get; init; }

    /// <summary>The most recently written manifest of any date.</summary>
    public RunSummary? LastRun { get; init; }

    /// <summary>Dates whose latest manifest is not a success (failed or unreadable), oldest first.</summary>
    public IReadOnlyList<DateOnly> FailedDates { get; init; } = [];

    /// <summary>
    /// Latest manifests whose LastModified is ahead of this host's clock: each stays the latest of its date until a newer one is
    /// written after that time (the seed's rule), so a failure among them is re-run on every run. Clock skew, or a tampered lake.
    /// </summary>
    public IReadOnlyList<string> ManifestsInFuture { get; init; } = [];

    /// <summary>Objects in the source's manifest folders not named <c>run_id=R.json</c>; they count as manifests, as in the seed.</summary>
    public IReadOnlyList<string> ForeignObjects { get; init; } = [];

    /// <summary>
    /// Dates before the latest success whose latest manifest is not a success, or that have none: what <c>run</c> repairs first
    /// (schedule.repair_holes).
    /// </summary>
    public IReadOnlyList<DateOnly> Holes { get; init; } = [];

    /// <summary>Dates whose latest manifest is a failure of type <c>late</c>: their data was not there by the deadline.</summary>
    public IReadOnlyList<DateOnly> LateDates { get; init; } = [];

    /// <summary>Dates whose latest manifest failed its contracts (<c>schema_changed</c>, <c>expectation_failed</c>): retried, but until the change is accepted they fail again.</summary>
    public IReadOnlyList<DateOnly> ContractFailedDates { get; init; } = [];

    /// <summary>Dates whose latest manifest is a success with warnings (a schema change under schema: warn, an expectation of level warn).</summary>
    public IReadOnlyList<DateOnly> WarnedDates { get; init; } = [];

    /// <summary>How old the newest complete date is, against the source's freshness thresholds.</summary>
    public required Freshness Freshness { get; init; }
}

/// <summary>One manifest, summarised.</summary>
/// <param name="IngestDate">Business date (null when neither the key nor the document gives one).</param>
/// <param name="RunId">Run id.</param>
/// <param name="Status">success, failed, or the reason it could not be read.</param>
/// <param name="StartedAt">Start, when readable.</param>
/// <param name="EndedAt">End, when readable.</param>
/// <param name="Key">Manifest key.</param>
public sealed record RunSummary(DateOnly? IngestDate, string RunId, ManifestState Status, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string Key);
