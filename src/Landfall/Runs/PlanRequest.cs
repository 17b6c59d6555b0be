namespace Landfall.Runs;

/// <summary>What <see cref="Hosting.LandfallHost.PlanAsync"/> should explain.</summary>
public sealed record PlanRequest
{
    /// <summary>The date to decide for; the next business date when null.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>Only these sources; every configured source when null or empty.</summary>
    public IReadOnlyCollection<string>? Sources { get; init; }
}
