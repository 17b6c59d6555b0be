namespace Landfall.Status;

/// <summary>What <see cref="Hosting.LandfallHost.HistoryAsync"/> should list.</summary>
public sealed record HistoryRequest
{
    /// <summary>
    /// Only these sources: configured ones, or sources no longer in the config that still have manifests in the lake. When null
    /// or empty, every configured source and every other source with manifests.
    /// </summary>
    public IReadOnlyCollection<string>? Sources { get; init; }

    /// <summary>Only this business date.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>At most this many entries, newest first; all when null.</summary>
    public int? Limit { get; init; }
}
