using Landfall.Sources;

namespace Landfall.Reports;

/// <summary>What an audit report covers.</summary>
internal sealed class AuditReportOptions
{
    /// <summary>The configured sources to report, in the order of their rows.</summary>
    public required IReadOnlyList<ISource> Sources { get; init; }

    /// <summary>
    /// Also report sources that have manifests in the lake but are not among <see cref="Sources"/> (a source removed from
    /// the config keeps its audit trail). Default true; set false when the user picked sources by name.
    /// </summary>
    public bool IncludeUnconfiguredSources { get; init; } = true;

    /// <summary>First date; default the earliest manifest date of the reported sources.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last date; default the later of the newest manifest date and <see cref="LastCompleteDate"/>.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Today minus the lag: the newest business date that may be ingested.</summary>
    public required DateOnly LastCompleteDate { get; init; }

    /// <summary>Environment name shown in the report.</summary>
    public string Env { get; init; } = "dev";

    /// <summary>When the report is built; written into it.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>How many objects of each (manifest, entity) the report keeps; see <see cref="ReportRequest.ObjectsPerEntity"/>.</summary>
    public int ObjectsPerEntity { get; init; } = ReportRequest.DefaultObjectsPerEntity;

    /// <summary>The widest range allowed, in days (default 3,660, ten years): beyond that ask for --from/--to.</summary>
    public int MaxDays { get; init; } = 3660;
}
