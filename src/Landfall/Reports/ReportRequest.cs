namespace Landfall.Reports;

/// <summary>What <see cref="Hosting.LandfallHost.ReportAsync"/> should cover.</summary>
public sealed record ReportRequest
{
    /// <summary>First business date; default the earliest manifest date.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last business date; default the later of the newest manifest date and the last complete date.</summary>
    public DateOnly? To { get; init; }

    /// <summary>
    /// Only these sources; when null or empty, every configured source, then any other source that has manifests in the lake (a
    /// source removed from the config keeps its audit trail).
    /// </summary>
    public IReadOnlyCollection<string>? Sources { get; init; }

    /// <summary>The default of <see cref="ObjectsPerEntity"/>.</summary>
    public const int DefaultObjectsPerEntity = 100;

    /// <summary>
    /// How many objects of each (manifest, entity) the report lists with their integrity data (default 100; 0 lists none). The rest
    /// are counted, not listed: their manifest, whose key the report shows, lists them all. Keeps a 10,000-file day from weighing
    /// megabytes in the HTML.
    /// </summary>
    public int ObjectsPerEntity { get; init; } = DefaultObjectsPerEntity;
}
