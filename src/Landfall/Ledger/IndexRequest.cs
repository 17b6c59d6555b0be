namespace Landfall.Ledger;

/// <summary>What <see cref="Hosting.LandfallHost.IndexAsync"/> should index.</summary>
public sealed record IndexRequest
{
    /// <summary>
    /// Only these sources: configured ones, or sources no longer in the config that still have manifests in the lake. When null
    /// or empty, every configured source and every other source with manifests.
    /// </summary>
    public IReadOnlyCollection<string>? Sources { get; init; }
}
