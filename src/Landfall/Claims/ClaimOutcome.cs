namespace Landfall.Claims;

/// <summary>The result of trying to claim a (source, date).</summary>
/// <param name="Won">True when this run may ingest.</param>
/// <param name="WinnerRunId">The run that holds the date when this one lost (null when unknown).</param>
/// <param name="Detail">Why, for logs.</param>
internal sealed record ClaimOutcome(bool Won, string? WinnerRunId, string Detail)
{
    /// <summary>The winner's lease, renewing its claim until disposed; null for a loser.</summary>
    public ClaimLease? Lease { get; init; }
}
