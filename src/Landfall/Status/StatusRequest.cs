namespace Landfall.Status;

/// <summary>What <see cref="Hosting.LandfallHost.StatusAsync"/> should report on.</summary>
public sealed record StatusRequest
{
    /// <summary>Only these sources; every configured source when null or empty.</summary>
    public IReadOnlyCollection<string>? Sources { get; init; }
}
