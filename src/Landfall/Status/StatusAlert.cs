namespace Landfall.Status;

/// <summary>Something a monitoring job alerts on (<c>landfall status --check</c>).</summary>
/// <param name="Source">Source name.</param>
/// <param name="Level">error (fails --check) or warning.</param>
/// <param name="Kind">freshness or late.</param>
/// <param name="Detail">What, in words an operator acts on.</param>
public sealed record StatusAlert(string Source, AlertLevel Level, AlertKind Kind, string Detail);
