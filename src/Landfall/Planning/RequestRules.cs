using Landfall.Layout;
using Landfall.Sources;
using static Landfall.RequestProperties;

namespace Landfall.Planning;

/// <summary>The rules every request with dates follows, written once so that every command answers alike.</summary>
internal static class RequestRules
{
    /// <summary>A single date and a range are alternatives; a range has both ends, in order.</summary>
    public static void DateOrRange(DateOnly? date, DateOnly? from, DateOnly? to)
    {
        if (date is not null && (from is not null || to is not null))
        {
            throw new InvalidRequestException($"{Date} and {From}/{To} are alternatives; give one of them.");
        }
        Range(from, to);
    }

    /// <summary>
    /// One date, a range or a catch-up, at most one of them; a range has both ends, in order. The rules (and words) of
    /// <c>run</c>, for the requests that take the same options.
    /// </summary>
    public static void DateRangeOrCatchUp(DateOnly? date, DateOnly? from, DateOnly? to, bool catchUp)
    {
        var modes = (date is null ? 0 : 1) + (from is null && to is null ? 0 : 1) + (catchUp ? 1 : 0);
        if (modes > 1)
        {
            throw new InvalidRequestException($"{Date}, {From}/{To} and {CatchUp} are alternatives; give one of them.");
        }
        if ((from is null) != (to is null))
        {
            throw new InvalidRequestException($"{From} and {To} go together.");
        }
        Range(from, to);
    }

    /// <summary>A range is not reversed.</summary>
    public static void Range(DateOnly? from, DateOnly? to)
    {
        if (from is { } f && to is { } t && f > t)
        {
            throw new InvalidRequestException($"{From} {ManifestKeys.FormatDate(f)} is after {To} {ManifestKeys.FormatDate(t)}.");
        }
    }

    /// <summary>A source has nothing before its start_date: asking for such a date is a mistake, not a failed run.</summary>
    public static void NotBeforeStart(DateOnly? date, string property, IEnumerable<ISource> sources, string configFile)
    {
        if (date is not { } d)
        {
            return;
        }
        var early = sources.Where(s => d < s.StartDate).ToList();
        if (early.Count > 0)
        {
            var which = string.Join(", ", early.Select(s => $"'{s.Name}' ({ManifestKeys.FormatDate(s.StartDate)})"));
            throw new InvalidRequestException(
                $"{property} {ManifestKeys.FormatDate(d)} is before the start_date of {(early.Count == 1 ? "source " : "sources ")}{which} " +
                $"in {configFile}; there is nothing to ingest before it. Give a later date, or {RequestProperties.Sources} for the sources that start earlier.");
        }
    }

    /// <summary>Landfall never ingests a day that is not over.</summary>
    public static void NotAfterLastComplete(DateOnly? date, DateOnly lastComplete)
    {
        if (date is { } d && d > lastComplete)
        {
            throw new InvalidRequestException(
                $"{ManifestKeys.FormatDate(d)} is after the last complete business date {ManifestKeys.FormatDate(lastComplete)} " +
                "(today minus schedule.lag_days); Landfall never ingests a day that is not over.");
        }
    }
}
