namespace Landfall.Reconcile;

/// <summary>What was compared for one entity of a date.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Compared">
/// <c>objects</c> (a listing: names, sizes, times, ETags, versions), <c>rows_and_fingerprint</c>, <c>rows</c> (the manifest has no
/// fingerprint, or it could not be recomputed), <c>not_date_scoped</c> (not compared), or <c>not_in_manifest</c>.
/// </param>
/// <param name="Recorded">Objects or rows the manifest recorded.</param>
/// <param name="Observed">Objects or rows the source shows now.</param>
public sealed record EntityComparison(string Entity, string Compared, long? Recorded, long? Observed);
