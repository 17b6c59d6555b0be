namespace Landfall.Reconcile;

/// <summary>What <see cref="Hosting.LandfallHost.ReconcileAsync"/> compared and found.</summary>
/// <param name="Windows">Per source, the dates looked at.</param>
/// <param name="Results">One result per (source, date) that has a manifest, in config order of sources then by date.</param>
/// <param name="Applied">Whether drifted dates were re-ingested (<see cref="ReconcileRequest.Apply"/>).</param>
public sealed record ReconcileReport(IReadOnlyList<ReconcileWindow> Windows, IReadOnlyList<ReconcileResult> Results, bool Applied)
{
    /// <summary>True when any date drifted.</summary>
    public bool AnyDrift => Results.Any(r => r.Status == ReconcileStatus.Drift);

    /// <summary>True when a source could not be observed or a re-ingest failed.</summary>
    public bool AnyFailed => Results.Any(r => r.Status == ReconcileStatus.Failed || r.Reingest?.Status == Runs.RunStatus.Failed);
}

/// <summary>The dates of one source that were looked at.</summary>
/// <param name="Source">Source name.</param>
/// <param name="From">First date.</param>
/// <param name="To">Last date.</param>
public sealed record ReconcileWindow(string Source, DateOnly From, DateOnly To);
