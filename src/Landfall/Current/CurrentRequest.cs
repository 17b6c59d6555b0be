namespace Landfall.Current;

/// <summary>Which current data to list: sources, entities and a date range, each optional.</summary>
public sealed record CurrentRequest
{
    /// <summary>Only these sources (configured, or with manifests in the lake); null or empty for every one.</summary>
    public IReadOnlyCollection<string>? Sources { get; init; }

    /// <summary>Only these entities; null or empty for every one.</summary>
    public IReadOnlyCollection<string>? Entities { get; init; }

    /// <summary>First business date (inclusive); null for the first with manifests.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last business date (inclusive); null for the newest with manifests.</summary>
    public DateOnly? To { get; init; }
}
