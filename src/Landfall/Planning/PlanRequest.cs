namespace Landfall.Planning;

/// <summary>
/// What <see cref="Hosting.LandfallHost.PlanAsync"/> should explain: the next business date (no option), one date
/// (<see cref="Date"/>), a range (<see cref="From"/> and <see cref="To"/>) or a catch-up (<see cref="CatchUp"/>), the same
/// alternatives as <c>RunRequest</c>. The plan's <see cref="PlanResult.Units"/> are the (source, date) runs that
/// <c>run</c> with the same options would make, for an orchestrator to fan out.
/// </summary>
public sealed record PlanRequest
{
    /// <summary>The date to decide for; the next business date when null.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>First date of a range, with <see cref="To"/>.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last date of a range, with <see cref="From"/>.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Every date a <c>run --catch-up</c> would visit, from the next business date to the last complete date.</summary>
    public bool CatchUp { get; init; }

    /// <summary>
    /// Whether the plan includes the holes a run without a date repairs first (<see cref="PlanResult.Repairs"/>); the schedule's
    /// repair_holes when null.
    /// </summary>
    public bool? RepairHoles { get; init; }

    /// <summary>Only these sources; every configured source when null or empty.</summary>
    public IReadOnlyCollection<string>? Sources { get; init; }
}
