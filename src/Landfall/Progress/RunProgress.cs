namespace Landfall.Progress;

/// <summary>
/// Live counters of a run, for a progress display: one <see cref="EntityProgress"/> per (date, source, entity) as it
/// starts. The runner and the sources update it from any thread; a display polls <see cref="Snapshot"/>.
/// </summary>
public sealed class RunProgress
{
    private readonly List<EntityProgress> _entities = [];
    private readonly TimeProvider _time;

    /// <summary>Creates an empty progress record that times entities with <paramref name="time"/>.</summary>
    public RunProgress(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>The entities started so far, in start order.</summary>
    public IReadOnlyList<EntityProgress> Snapshot()
    {
        lock (_entities)
        {
            return [.. _entities];
        }
    }

    internal EntityProgress Start(DateOnly ingestDate, string source, string entity)
    {
        var progress = new EntityProgress(ingestDate, source, entity, _time);
        lock (_entities)
        {
            _entities.Add(progress);
        }
        return progress;
    }
}
