using Landfall.Manifests;

namespace Landfall.Sources;

/// <summary>
/// A source whose current state for a business date can be observed without transferring data, so that <c>landfall reconcile</c>
/// can compare it with what a success manifest recorded: names, sizes, modification times and ETags of files and objects, or row
/// counts and content fingerprints of tables. A kind that does not implement it is reported as not comparable.
/// </summary>
public interface IReconcilableSource : ISource
{
    /// <summary>
    /// Connects for an observation of one or more dates (one connection, session or snapshot for all of them). Throws a
    /// <see cref="SourceException"/> when the source cannot be reached.
    /// </summary>
    Task<ISourceObserver> OpenObserverAsync(SourceObserveContext context, CancellationToken cancellationToken);

    /// <summary>
    /// What a success manifest recorded for <paramref name="entity"/>, in the terms of an observation (the same source paths, the
    /// same facts), so that the two can be compared field by field.
    /// </summary>
    EntityObservation Recorded(string entity, EntityOutput output);
}

/// <summary>An open connection that observes what the source shows now, date by date, reading no data.</summary>
public interface ISourceObserver : IAsyncDisposable
{
    /// <summary>
    /// What every entity shows now for <paramref name="date"/>, without the settle checks of a run (a listing, a count). <paramref name="recorded"/>
    /// is what the manifest recorded per entity (from <see cref="IReconcilableSource.Recorded"/>), so that the observation is made in the
    /// same terms (the same fingerprint algorithm, or none). Throws a <see cref="SourceException"/> when the source cannot answer.
    /// </summary>
    Task<IReadOnlyList<EntityObservation>> ObserveAsync(DateOnly date, IReadOnlyDictionary<string, EntityObservation> recorded,
        CancellationToken cancellationToken);
}

/// <summary>What an observation is for.</summary>
/// <param name="Source">The source name.</param>
/// <param name="Logger">Logger.</param>
/// <param name="Time">The clock.</param>
public sealed record SourceObserveContext(string Source, Microsoft.Extensions.Logging.ILogger Logger, TimeProvider Time);
