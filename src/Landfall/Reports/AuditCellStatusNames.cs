namespace Landfall.Reports;

/// <summary>The stable words and labels of <see cref="AuditCellStatus"/>, as written into the report and its data attributes.</summary>
public static class AuditCellStatusNames
{
    /// <summary>Every status, in legend order.</summary>
    public static IReadOnlyList<AuditCellStatus> All { get; } =
    [
        AuditCellStatus.Success, AuditCellStatus.Superseding, AuditCellStatus.Empty,
        AuditCellStatus.Failed, AuditCellStatus.Corrupt, AuditCellStatus.NeverIngested,
    ];

    /// <summary>The snake_case word of a status (<c>success</c>, <c>superseding</c>, <c>empty</c>, <c>failed</c>, <c>corrupt</c>, <c>never_ingested</c>).</summary>
    public static string Word(AuditCellStatus status) => status switch
    {
        AuditCellStatus.Success => "success",
        AuditCellStatus.Superseding => "superseding",
        AuditCellStatus.Empty => "empty",
        AuditCellStatus.Failed => "failed",
        AuditCellStatus.Corrupt => "corrupt",
        AuditCellStatus.NeverIngested => "never_ingested",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The legend label of a status.</summary>
    public static string Label(AuditCellStatus status) => status switch
    {
        AuditCellStatus.Success => "Success",
        AuditCellStatus.Superseding => "Success, superseding an earlier success (--force)",
        AuditCellStatus.Empty => "Empty success (zero objects, allowed)",
        AuditCellStatus.Failed => "Failed",
        AuditCellStatus.Corrupt => "Latest manifest unreadable (passed over)",
        AuditCellStatus.NeverIngested => "Never ingested",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The glyph drawn in a cell so statuses differ without colour (empty for plain success and never ingested).</summary>
    public static string Glyph(AuditCellStatus status) => status switch
    {
        AuditCellStatus.Superseding => "\u21BB",
        AuditCellStatus.Empty => "\u2205",
        AuditCellStatus.Failed => "\u2715",
        AuditCellStatus.Corrupt => "!",
        _ => "",
    };
}
