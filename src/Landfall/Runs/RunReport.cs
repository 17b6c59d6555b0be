namespace Landfall.Runs;

/// <summary>What a run request did.</summary>
/// <param name="Results">One result per (date, source) visited, in order.</param>
/// <param name="UpToDate">
/// Why a run without a date stopped (every source is complete through the last complete date), or null when it did not stop
/// for that reason.
/// </param>
public sealed record RunReport(IReadOnlyList<RunResult> Results, string? UpToDate)
{
    /// <summary>True when any (date, source) failed.</summary>
    public bool AnyFailed => Results.Any(r => r.Status == RunStatus.Failed);
}
