namespace Landfall.Reports;

/// <summary>One (source, business date) of the calendar: its status and its whole audit trail.</summary>
public sealed class AuditCell
{
    /// <summary>Creates a cell from the date's manifests, newest first (the order of <see cref="Ledger.LedgerReader.AllByDateAsync"/>).</summary>
    public AuditCell(DateOnly date, IReadOnlyList<AuditManifest> trail)
    {
        ArgumentNullException.ThrowIfNull(trail);
        Date = date;
        Trail = trail;
        Status = Classify(trail);
    }

    /// <summary>The business date.</summary>
    public DateOnly Date { get; }

    /// <summary>Every manifest of the date, newest first; the first one decides the date.</summary>
    public IReadOnlyList<AuditManifest> Trail { get; }

    /// <summary>What the cell shows.</summary>
    public AuditCellStatus Status { get; }

    /// <summary>True when the date's latest manifest is a success with contract warnings: the calendar marks the cell.</summary>
    public bool Warned => Latest is { IsSuccess: true, Warnings.Count: > 0 };

    /// <summary>The manifest that decides the date, or null when there is none.</summary>
    public AuditManifest? Latest => Trail.Count == 0 ? null : Trail[0];

    /// <summary>
    /// The status of a trail, newest first. Only the latest manifest decides, as in the runner: an unreadable latest
    /// is <see cref="AuditCellStatus.Corrupt"/> even when an older manifest is a success, because the next run will
    /// redo the date. A success is <see cref="AuditCellStatus.Superseding"/> when it names the run it superseded (a forced re-run);
    /// otherwise <see cref="AuditCellStatus.Empty"/> when it landed zero objects. A success after an older success that it does not
    /// supersede (a date re-ingested because a newer manifest was unreadable) is a plain success: its trail shows the rest.
    /// </summary>
    public static AuditCellStatus Classify(IReadOnlyList<AuditManifest> trail)
    {
        ArgumentNullException.ThrowIfNull(trail);
        if (trail.Count == 0)
        {
            return AuditCellStatus.NeverIngested;
        }
        var latest = trail[0];
        if (!latest.Readable)
        {
            return AuditCellStatus.Corrupt;
        }
        if (!latest.IsSuccess)
        {
            return AuditCellStatus.Failed;
        }
        if (latest.Reason == "reconcile")
        {
            return AuditCellStatus.Reconciled;
        }
        if (latest.Supersedes is not null)
        {
            return AuditCellStatus.Superseding;
        }
        // A success whose outputs could not be bound (foreign layout) has no entity and stays a plain success.
        return latest.Outputs.Count > 0 && latest.ObjectCount == 0 ? AuditCellStatus.Empty : AuditCellStatus.Success;
    }
}
