namespace Landfall.Reports;

/// <summary>The stable words and labels of <see cref="AuditCellStatus"/>, as written into the report and its data attributes.</summary>
public static class AuditCellStatusNames
{
    /// <summary>Every status, in legend order.</summary>
    public static IReadOnlyList<AuditCellStatus> All { get; } =
    [
        AuditCellStatus.Success, AuditCellStatus.Superseding, AuditCellStatus.Reconciled, AuditCellStatus.Empty,
        AuditCellStatus.Failed, AuditCellStatus.Corrupt, AuditCellStatus.NeverIngested,
    ];

    private static readonly Dictionary<AuditCellStatus, (string Word, string Label, string Glyph)> Names = new()
    {
        [AuditCellStatus.Success] = ("success", "Success", ""),
        [AuditCellStatus.Superseding] = ("superseding", "Success, superseding an earlier success (--force)", "\u21BB"),
        [AuditCellStatus.Reconciled] = ("reconciled", "Success, re-ingested after reconcile found drift at the source", "\u0394"),
        [AuditCellStatus.Empty] = ("empty", "Empty success (zero objects, allowed)", "\u2205"),
        [AuditCellStatus.Failed] = ("failed", "Failed", "\u2715"),
        [AuditCellStatus.Corrupt] = ("corrupt", "Latest manifest unreadable (passed over)", "!"),
        [AuditCellStatus.NeverIngested] = ("never_ingested", "Never ingested", ""),
    };

    /// <summary>The snake_case word of a status (<c>success</c>, <c>superseding</c>, <c>reconciled</c>, <c>empty</c>, <c>failed</c>, <c>corrupt</c>, <c>never_ingested</c>).</summary>
    public static string Word(AuditCellStatus status) => Names[status].Word;

    /// <summary>The legend label of a status.</summary>
    public static string Label(AuditCellStatus status) => Names[status].Label;

    /// <summary>The glyph drawn in a cell so statuses differ without colour (empty for plain success and never ingested).</summary>
    public static string Glyph(AuditCellStatus status) => Names[status].Glyph;
}
