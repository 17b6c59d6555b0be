namespace Landfall.Sources;

/// <summary>
/// A source that names what it reads for one date by OpenLineage's dataset naming conventions (namespace and name), for the
/// inputs of its run events. A source kind that does not implement it has no inputs in them.
/// </summary>
internal interface ILineageInputs
{
    /// <summary>Per entity, the dataset it reads for <paramref name="date"/>.</summary>
    IReadOnlyList<(string Entity, string Namespace, string Name)> LineageInputs(DateOnly date);
}
