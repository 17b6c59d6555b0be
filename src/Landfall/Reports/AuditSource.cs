namespace Landfall.Reports;

/// <summary>One row of the calendar: a source and one cell per reported date.</summary>
public sealed class AuditSource
{
    /// <summary>The source name, as in the manifest keys.</summary>
    public required string Name { get; init; }

    /// <summary>The kind from the config; null for a source found only in the lake.</summary>
    public string? Kind { get; init; }

    /// <summary>False for a source that has manifests in the lake but is not in the config.</summary>
    public required bool Configured { get; init; }

    /// <summary>The configured start date.</summary>
    public DateOnly? StartDate { get; init; }

    /// <summary>
    /// The last date D such that every date from the start date through D has a successful latest manifest
    /// (as <c>landfall status</c>); null when the start date is not done or the source is not configured.
    /// </summary>
    public DateOnly? CompleteThrough { get; init; }

    /// <summary>One cell per date of <see cref="AuditReport.Dates"/>, in the same order.</summary>
    public required IReadOnlyList<AuditCell> Cells { get; init; }
}
