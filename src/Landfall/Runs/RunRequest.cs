using Landfall.Progress;

namespace Landfall.Runs;

/// <summary>
/// What <see cref="Hosting.LandfallHost.RunAsync"/> should ingest: one date (<see cref="Date"/>), a range (<see cref="From"/> and
/// <see cref="To"/>), or, with neither, the next business date from the manifests (and date after date with <see cref="CatchUp"/>).
/// </summary>
public sealed record RunRequest
{
    /// <summary>Ingest this business date only (a backfill).</summary>
    public DateOnly? Date { get; init; }

    /// <summary>First date of a range, with <see cref="To"/>; dates already successful are skipped.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last date of a range, with <see cref="From"/>.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Date after date while any source is behind the last complete date; stops at the first date that fails.</summary>
    public bool CatchUp { get; init; }

    /// <summary>Ingest even when the latest manifest is a success (only with a date or a range).</summary>
    public bool Force { get; init; }

    /// <summary>Only these sources; every configured source when null or empty.</summary>
    public IReadOnlyCollection<string>? Sources { get; init; }

    /// <summary>
    /// Without a date or a range: whether to retry the holes behind the sources' latest successes first (null: schedule.repair_holes,
    /// default true).
    /// </summary>
    public bool? RepairHoles { get; init; }

    /// <summary>
    /// Accept the schema change of <see cref="Date"/> for the one source in <see cref="Sources"/>: the change is recorded as accepted
    /// (with <see cref="AcceptedBy"/>) instead of failing the date under <c>schema_contract: freeze</c> or marking it under <c>warn</c>.
    /// Needs <see cref="Date"/> and exactly one source.
    /// </summary>
    public bool AcceptSchema { get; init; }

    /// <summary>Accept the expectations <see cref="Date"/> does not meet, for the one source in <see cref="Sources"/>; as <see cref="AcceptSchema"/>.</summary>
    public bool AcceptExpectations { get; init; }

    /// <summary>Who accepts, as the manifest records it; null: the OS user and the host (<c>user@host</c>).</summary>
    public string? AcceptedBy { get; init; }

    /// <summary>Live counters for a progress display; none when null.</summary>
    public RunProgress? Progress { get; init; }

    /// <summary>
    /// After the main work, reconcile the sources whose config says <c>reconcile.after_run: true</c> and re-ingest the dates that
    /// drifted (default true; false skips that pass for this run).
    /// </summary>
    public bool Reconcile { get; init; } = true;
}
