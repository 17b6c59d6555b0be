using Landfall.Manifests;

namespace Landfall.Current;

/// <summary>
/// One object of one run, as the exported object table (<c>landfall export</c>) has it: every run's objects, current or not, so that a reader can join on
/// <see cref="IsCurrent"/> and read exactly the current data.
/// </summary>
/// <param name="Source">Source name.</param>
/// <param name="Entity">Entity name.</param>
/// <param name="IngestDate">Business date.</param>
/// <param name="RunId">The run that wrote the object.</param>
/// <param name="Status">That run's manifest status (success or failed).</param>
/// <param name="DateStatus">The status of the date's latest manifest.</param>
/// <param name="IsCurrent">True for the objects of the date's current run (its newest success).</param>
/// <param name="Item">The object.</param>
/// <param name="StartedAt">When the run started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="ManifestKey">The run's manifest.</param>
public sealed record ObjectTableRow(string Source, string Entity, DateOnly IngestDate, string RunId, ManifestState Status, ManifestState DateStatus,
    bool IsCurrent, CurrentObject Item, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string ManifestKey);
