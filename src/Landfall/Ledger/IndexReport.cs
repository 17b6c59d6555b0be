namespace Landfall.Ledger;

/// <summary>The outcome of <see cref="Hosting.LandfallHost.IndexAsync"/>: one result per source, in request order.</summary>
/// <param name="Results">Per source.</param>
public sealed record IndexReport(IReadOnlyList<IndexResult> Results);
