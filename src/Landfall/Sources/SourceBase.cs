using Landfall.FileFormats;

namespace Landfall.Sources;

/// <summary>The name, kind, start date and entities of a built-in source, written once.</summary>
internal abstract class SourceBase<TEntity> : ISource, IEntityFacts
    where TEntity : SourceEntity
{
    private readonly Dictionary<string, TEntity> _entities;

    protected SourceBase(string name, string kind, DateOnly startDate, IReadOnlyList<TEntity> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        Name = name;
        Kind = kind;
        StartDate = startDate;
        _entities = entities.ToDictionary(e => e.Name, StringComparer.Ordinal);
        Entities = entities.Select(e => e.Name).ToList();
        EntityDefinitions = entities;
    }

    public string Name { get; }

    public string Kind { get; }

    public DateOnly StartDate { get; }

    public IReadOnlyList<string> Entities { get; }

    /// <summary>The entities, in config order.</summary>
    public IReadOnlyList<TEntity> EntityDefinitions { get; }

    /// <summary>The entity named <paramref name="name"/>.</summary>
    public TEntity Entity(string name) => _entities[name];

    /// <inheritdoc />
    public FileFormat? FormatOf(string entity) => _entities.TryGetValue(entity, out var e) && e is FileEntity { Format.IsRaw: false } f ? f.Format : null;

    /// <inheritdoc />
    public bool CountsRows(string entity) => !_entities.TryGetValue(entity, out var e) || e is not FileEntity f || f.Format.CountsRows;

    public abstract Task<ISourceSession> OpenAsync(SourceRunContext context, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<CheckFinding>> CheckAsync(SourceCheckContext context, CancellationToken cancellationToken);
}
