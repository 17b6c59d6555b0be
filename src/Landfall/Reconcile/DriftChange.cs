namespace Landfall.Reconcile;

/// <summary>One difference between what the source shows now and what the manifest recorded.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Change">added, changed, removed, rows_changed or content_changed.</param>
/// <param name="SourcePath">The file or object (as the manifest's <c>source_path</c>); null for a table.</param>
/// <param name="Fields">For changed: which facts differ (bytes, modified_at, etag, version_id); for tables: rows, fingerprint.</param>
/// <param name="Before">What the manifest recorded; null for added.</param>
/// <param name="After">What the source shows now; null for removed.</param>
public sealed record DriftChange(string Entity, DriftChangeKind Change, string? SourcePath, IReadOnlyList<DriftField> Fields, SourceFacts? Before,
    SourceFacts? After);
