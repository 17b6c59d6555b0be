namespace Landfall.Sources;

/// <summary>
/// A configured source: where one business date's data comes from. The runner checks the manifests first and only then
/// calls <see cref="OpenAsync"/>, so a skipped date never touches the source.
/// </summary>
public interface ISource
{
    /// <summary>The configured name, used in keys and manifests.</summary>
    string Name { get; }

    /// <summary>The kind (files, postgres, sftp, s3).</summary>
    string Kind { get; }

    /// <summary>The first business date this source has data for; where resume starts without history.</summary>
    DateOnly StartDate { get; }

    /// <summary>The entities to extract, in order.</summary>
    IReadOnlyList<string> Entities { get; }

    /// <summary>Connects for one run (one connection, transaction or session for every entity of the date).</summary>
    Task<ISourceSession> OpenAsync(SourceRunContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Connects and reports what it sees (reachability, authentication, host key, how many objects match the given dates)
    /// without reading any data. Never throws for source problems: they are findings with status error.
    /// </summary>
    Task<IReadOnlyList<CheckFinding>> CheckAsync(SourceCheckContext context, CancellationToken cancellationToken);
}

/// <summary>One open connection to a source for one run.</summary>
public interface ISourceSession : IAsyncDisposable
{
    /// <summary>
    /// Checks, before anything is written, that the entity's data for the run's date is there and settled, and keeps what it saw
    /// for <see cref="ExtractAsync"/>. Throws <see cref="SourceNotReadyException"/> when it is not there yet: the runner then
    /// writes nothing and waits (until the source's deadline). The runner prepares every entity before it extracts the first,
    /// so a date is never half-landed for want of a later entity's data. The default finds every entity ready.
    /// </summary>
    Task PrepareAsync(string entity, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Extracts one entity for the run's date, writing every object through <paramref name="writer"/>, and returns what landed.
    /// Throws a <see cref="SourceException"/> with a reason the user can act on when the date cannot be completed.
    /// </summary>
    Task<Manifests.EntityOutput> ExtractAsync(string entity, EntityWriter writer, CancellationToken cancellationToken);
}
