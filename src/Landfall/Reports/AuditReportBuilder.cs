using Landfall.Lake;
using Landfall.Layout;
using Landfall.Ledger;
using Landfall.Manifests;
using Landfall.Status;

namespace Landfall.Reports;

/// <summary>
/// Builds the audit calendar from the manifests alone, with the read side's rules: one paginated listing per source, the dates'
/// manifests read and ordered newest first (<see cref="LedgerReader.AllByDateAsync"/>, whose first element is the date's latest
/// manifest), and the complete-through rule of <see cref="StatusReader"/>. Reads nothing but manifests; writes nothing.
/// </summary>
internal sealed class AuditReportBuilder(LedgerReader ledgers, ILake lake)
{
    /// <summary>Reads the manifests and builds the report.</summary>
    /// <exception cref="InvalidRequestException">The range is reversed or wider than <see cref="AuditReportOptions.MaxDays"/>.</exception>
    public async Task<AuditReport> BuildAsync(AuditReportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.From is { } f && options.To is { } t && f > t)
        {
            throw new InvalidRequestException($"The first date {ManifestKeys.FormatDate(f)} is after the last date {ManifestKeys.FormatDate(t)}.");
        }

        var named = options.Sources.Select(s => (s.Name, Config: (Sources.ISource?)s)).ToList();
        if (options.IncludeUnconfiguredSources)
        {
            foreach (var name in await ledgers.ListSourcesAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!options.Sources.Any(s => s.Name == name))
                {
                    named.Add((name, null));
                }
            }
        }
        // Every listing first (the range depends on all of them); each index only when its row is built, so that a few are in
        // memory at a time, not every source's.
        var names = named.Select(n => n.Name).Distinct(StringComparer.Ordinal).ToList();
        var listed = (await ledgers.ListAsync(names, withIndex: false, cancellationToken).ConfigureAwait(false))
            .ToDictionary(l => l.Source, StringComparer.Ordinal);
        var rows = named.Select(n => (n.Name, n.Config, Ledger: listed[n.Name])).ToList();

        var (from, to) = Range(options, rows.SelectMany(r => r.Ledger.Dates.Keys).ToList());
        var span = to.DayNumber - from.DayNumber + 1;
        if (span > options.MaxDays)
        {
            throw new InvalidRequestException(
                $"{ManifestKeys.FormatDate(from)} to {ManifestKeys.FormatDate(to)} is {span} days, more than {options.MaxDays}; choose a narrower range with {RequestProperties.From} and {RequestProperties.To}.");
        }

        var sources = new List<AuditSource>();
        foreach (var ((name, config, _), indexed) in Lookahead.InOrder(rows, Tuning.SourceListings,
            row => ledgers.WithIndexAsync(row.Ledger, cancellationToken)))
        {
            var ledger = await indexed.ConfigureAwait(false);
            sources.Add(await BuildSourceAsync(name, config, ledger, from, to, options.ObjectsPerEntity, cancellationToken).ConfigureAwait(false));
        }
        return new AuditReport
        {
            Env = options.Env,
            Lake = lake.Description,
            GeneratedAt = options.GeneratedAt,
            LandfallVersion = LandfallVersion.Current,
            From = from,
            To = to,
            LastCompleteDate = options.LastCompleteDate,
            CompleteThrough = StatusReader.LakeCompleteThrough(sources.Where(s => s.Configured).Select(s => s.CompleteThrough).ToList()),
            Sources = sources,
            ObjectsPerEntity = options.ObjectsPerEntity,
        };
    }

    /// <summary>
    /// The date range: the given bounds, else from the earliest start_date or manifest date (so a never-ingested first date that
    /// holds complete_through back is in view) to the later of the newest manifest date and the last complete date.
    /// </summary>
    private static (DateOnly From, DateOnly To) Range(AuditReportOptions options, List<DateOnly> manifestDates)
    {
        var starts = options.Sources.Select(s => s.StartDate).ToList();
        var earliest = manifestDates.Count + starts.Count > 0 ? manifestDates.Concat(starts).Min() : options.LastCompleteDate;
        var newest = manifestDates.Count > 0 && manifestDates.Max() > options.LastCompleteDate ? manifestDates.Max() : options.LastCompleteDate;
        var to = options.To ?? (options.From is { } f && f > newest ? f : newest);
        var from = options.From ?? (earliest > to ? to : earliest);
        return (from, to);
    }

    private async Task<AuditSource> BuildSourceAsync(
        string name, Sources.ISource? config, SourceLedger ledger, DateOnly from, DateOnly to, int objectsPerEntity,
        CancellationToken cancellationToken)
    {
        var cells = new List<AuditCell>(to.DayNumber - from.DayNumber + 1);
        var latestByDate = new Dictionary<DateOnly, ManifestRead>();
        // Every date in range read together (index first, the rest concurrently), then laid out day by day.
        var inRange = ledger.Between(from, to).ToList();
        var groups = await ledgers.AllByDateAsync([.. inRange.Select(kv => (ledger, kv.Key))], cancellationToken).ConfigureAwait(false);
        var readsByDate = new Dictionary<DateOnly, IReadOnlyList<ManifestRead>>();
        for (var i = 0; i < inRange.Count; i++)
        {
            readsByDate[inRange[i].Key] = groups[i];
        }
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            var reads = readsByDate.GetValueOrDefault(d) ?? [];
            if (reads.Count > 0)
            {
                latestByDate[d] = reads[0];
            }
            cells.Add(new AuditCell(d, reads.Select(r => AuditManifest.From(r, objectsPerEntity)).ToList()));
        }
        DateOnly? completeThrough = null;
        if (config is not null)
        {
            // Complete-through starts at the start date, whatever the range: dates outside it cost one read of their latest.
            var outside = ledger.Dates.Where(kv => kv.Key >= config.StartDate && !latestByDate.ContainsKey(kv.Key));
            foreach (var (date, latest) in await ledgers.LatestByDateAsync(ledger, outside, cancellationToken).ConfigureAwait(false))
            {
                latestByDate[date] = latest;
            }
            completeThrough = StatusReader.CompleteThrough(config.StartDate, latestByDate);
        }
        return new AuditSource
        {
            Name = name,
            Kind = config?.Kind,
            Configured = config is not null,
            StartDate = config?.StartDate,
            CompleteThrough = completeThrough,
            Cells = cells,
        };
    }
}
