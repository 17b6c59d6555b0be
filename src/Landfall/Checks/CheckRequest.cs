namespace Landfall.Checks;

/// <summary>What <see cref="Hosting.LandfallHost.CheckAsync"/> should connect to.</summary>
public sealed record CheckRequest
{
    /// <summary>Only these sources; every configured source when null or empty.</summary>
    public IReadOnlyCollection<string>? Sources { get; init; }
}
