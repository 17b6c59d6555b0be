namespace Landfall.Reports;

/// <summary>
/// What one (source, business date) cell of the audit calendar shows, decided by the date's latest manifest
/// (the same manifest the runner's skip check reads). See docs/report.md.
/// </summary>
public enum AuditCellStatus
{
    /// <summary>No manifest at all for the date.</summary>
    NeverIngested,

    /// <summary>The latest manifest is a readable success with at least one object.</summary>
    Success,

    /// <summary>
    /// The latest manifest is a success that replaced an earlier success: it names the run it supersedes
    /// (<c>--force</c>), or an older manifest of the date is a success too.
    /// </summary>
    Superseding,

    /// <summary>The latest manifest is a success that landed zero objects (allowed with allow_empty and recorded so).</summary>
    Empty,

    /// <summary>The latest manifest is readable and its status is not success (failed, or an unknown word).</summary>
    Failed,

    /// <summary>
    /// The latest manifest could not be read or decoded (corrupt JSON, not an object, no status, read error): the
    /// runner passes over it and treats the date as not done, whatever older manifests say.
    /// </summary>
    Corrupt,

    /// <summary>
    /// The latest manifest is a success that re-ingested the date after <c>landfall reconcile</c> found drift at the source
    /// (<c>reason: reconcile</c>); it names the success it supersedes and records the drift.
    /// </summary>
    Reconciled,
}
