using Landfall.Manifests;

namespace Landfall.Current;

/// <summary>
/// The current data of one (source, entity, date): the objects of the date's current run, the newest success by the manifest rule.
/// </summary>
/// <param name="Source">Source name.</param>
/// <param name="Entity">Entity name.</param>
/// <param name="IngestDate">Business date.</param>
/// <param name="DateStatus">
/// The status of the date's latest manifest: <c>success</c> when the current run is the latest; otherwise what came after it
/// (<c>failed</c>, or why the latest manifest could not be read): the data is the last good one, but the date is not complete.
/// </param>
/// <param name="RunId">The current run.</param>
/// <param name="ManifestKey">The current run's manifest.</param>
/// <param name="StartedAt">When the current run started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Objects">Its objects for the entity, in manifest order (empty for an empty date).</param>
public sealed record CurrentEntry(string Source, string Entity, DateOnly IngestDate, ManifestState DateStatus, string RunId, string ManifestKey,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, IReadOnlyList<CurrentObject> Objects)
{
    /// <summary>True when the date's latest manifest is the current run's: the date is complete.</summary>
    public bool Complete => DateStatus.IsSuccess;
}
