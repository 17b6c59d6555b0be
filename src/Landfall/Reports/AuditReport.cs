namespace Landfall.Reports;

/// <summary>The audit calendar: sources × business dates, built from the manifests alone.</summary>
public sealed class AuditReport
{
    /// <summary>The environment from the config.</summary>
    public required string Env { get; init; }

    /// <summary>Where the manifests were read (no secrets).</summary>
    public required string Lake { get; init; }

    /// <summary>When the report was built (UTC).</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The Landfall version that built it.</summary>
    public required string LandfallVersion { get; init; }

    /// <summary>First reported date.</summary>
    public required DateOnly From { get; init; }

    /// <summary>Last reported date.</summary>
    public required DateOnly To { get; init; }

    /// <summary>Today minus the lag: the newest business date that may be ingested.</summary>
    public required DateOnly LastCompleteDate { get; init; }

    /// <summary>Every date from <see cref="From"/> through <see cref="To"/>.</summary>
    public IReadOnlyList<DateOnly> Dates
    {
        get
        {
            var dates = new List<DateOnly>(To.DayNumber - From.DayNumber + 1);
            for (var d = From; d <= To; d = d.AddDays(1))
            {
                dates.Add(d);
            }
            return dates;
        }
    }

    /// <summary>
    /// The lake-wide complete-through date over the configured sources of the report (as <c>landfall status</c>):
    /// null when one of them has none.
    /// </summary>
    public DateOnly? CompleteThrough { get; init; }

    /// <summary>How many objects of each (manifest, entity) the report lists; the rest are counted in <see cref="AuditManifest.ObjectsNotListed"/>.</summary>
    public int ObjectsPerEntity { get; init; } = ReportRequest.DefaultObjectsPerEntity;

    /// <summary>The rows: configured sources in config order, then sources found only in the lake, by name.</summary>
    public required IReadOnlyList<AuditSource> Sources { get; init; }

    /// <summary>Manifests in the reported cells.</summary>
    public int ManifestCount => Sources.Sum(s => s.Cells.Sum(c => c.Trail.Count));

    /// <summary>How many cells show each status (every status present, zero included).</summary>
    public IReadOnlyDictionary<AuditCellStatus, int> Counts
    {
        get
        {
            var counts = AuditCellStatusNames.All.ToDictionary(s => s, _ => 0);
            foreach (var cell in Sources.SelectMany(s => s.Cells))
            {
                counts[cell.Status]++;
            }
            return counts;
        }
    }
}
