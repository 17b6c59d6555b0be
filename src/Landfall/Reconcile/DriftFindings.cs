namespace Landfall.Reconcile;

/// <summary>What comparing one date found, entity by entity.</summary>
internal sealed record DriftFindings(
    IReadOnlyList<EntityComparison> Entities, IReadOnlyList<DriftChange> Changes, IReadOnlyList<string> Notes, IReadOnlyList<string> NotReady)
{
    /// <summary>False when no entity could be compared at all (none is date-scoped).</summary>
    public bool AnyCompared => Entities.Any(e => e.Compared is not (DriftComparer.NotDateScoped));
}
