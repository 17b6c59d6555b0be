namespace Landfall.Reconcile;

/// <summary>
/// What <see cref="Hosting.LandfallHost.ReconcileAsync"/> should compare: a range (<see cref="From"/> and <see cref="To"/>), or the
/// last <see cref="LookbackDays"/> business dates up to the last complete date, or, with neither, each source's own
/// <c>reconcile.lookback_days</c>.
/// </summary>
public sealed record ReconcileRequest
{
    /// <summary>Only these sources; every configured source when null or empty.</summary>
    public IReadOnlyCollection<string>? Sources { get; init; }

    /// <summary>First date to compare, with <see cref="To"/>.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last date to compare, with <see cref="From"/>.</summary>
    public DateOnly? To { get; init; }

    /// <summary>The last N business dates up to the last complete date, for every selected source (instead of their own setting).</summary>
    public int? LookbackDays { get; init; }

    /// <summary>
    /// Re-ingest every date that drifted, as a new run through the normal runner (claims included) whose manifest names the success
    /// it supersedes and records the drift; nothing is ever deleted.
    /// </summary>
    public bool Apply { get; init; }
}
