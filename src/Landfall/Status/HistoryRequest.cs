namespace Landfall.Status;

/// <summary>What <see cref="Hosting.LandfallHost.HistoryAsync"/> should list.</summary>
/// <param name="Source">The source whose audit trail to list.</param>
public sealed record HistoryRequest(string Source)
{
    /// <summary>Only this business date.</summary>
    public DateOnly? Date { get; init; }
}
