namespace Landfall.Progress;

/// <summary>
/// What one entity of one run has done so far: objects, bytes and rows, against totals where the source knows them.
/// Thread-safe; sources call <see cref="Expect"/> once they have listed what they will copy.
/// </summary>
public sealed class EntityProgress
{
    private readonly TimeProvider _time;
    private readonly long _startedAt;
    private long _objects;
    private long _bytes;
    private long _rows;
    private long _endedAt;
    private int _state;

    internal EntityProgress(DateOnly ingestDate, string source, string entity, TimeProvider time)
    {
        IngestDate = ingestDate;
        Source = source;
        Entity = entity;
        _time = time;
        _startedAt = time.GetTimestamp();
    }

    /// <summary>A progress sink that nobody watches, for writers created outside a run.</summary>
    internal static EntityProgress Detached(string entity) => new(default, "", entity, TimeProvider.System);

    /// <summary>Business date.</summary>
    public DateOnly IngestDate { get; }

    /// <summary>Source name.</summary>
    public string Source { get; }

    /// <summary>Entity name.</summary>
    public string Entity { get; }

    /// <summary>Objects written to the lake so far.</summary>
    public long Objects => Interlocked.Read(ref _objects);

    /// <summary>Bytes streamed into (or copied within) the lake so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Rows written so far (row sources).</summary>
    public long Rows => Interlocked.Read(ref _rows);

    /// <summary>Objects the source listed, when known.</summary>
    public long? ObjectsTotal { get; private set; }

    /// <summary>Bytes the source listed, when known.</summary>
    public long? BytesTotal { get; private set; }

    /// <summary>Rows the source counted, when known.</summary>
    public long? RowsTotal { get; private set; }

    /// <summary>Running, then Succeeded or Failed.</summary>
    public EntityProgressState State => (EntityProgressState)Volatile.Read(ref _state);

    /// <summary>Time since the entity started, frozen when it ends.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            var end = Interlocked.Read(ref _endedAt);
            return _time.GetElapsedTime(_startedAt, end == 0 ? _time.GetTimestamp() : end);
        }
    }

    /// <summary>Records what the source is about to write; any of them may be unknown.</summary>
    public void Expect(long? objects = null, long? bytes = null, long? rows = null)
    {
        ObjectsTotal = objects ?? ObjectsTotal;
        BytesTotal = bytes ?? BytesTotal;
        RowsTotal = rows ?? RowsTotal;
    }

    /// <summary>Counts one object that landed by other means than a stream through the writer (a server-side copy).</summary>
    public void Landed(long bytes)
    {
        AddBytes(bytes);
        ObjectDone();
    }

    /// <summary>Counts rows written.</summary>
    public void AddRows(long rows) => Interlocked.Add(ref _rows, rows);

    internal void AddBytes(long bytes) => Interlocked.Add(ref _bytes, bytes);

    internal void ObjectDone() => Interlocked.Increment(ref _objects);

    internal void End(bool succeeded)
    {
        Interlocked.CompareExchange(ref _endedAt, _time.GetTimestamp(), 0);
        Volatile.Write(ref _state, (int)(succeeded ? EntityProgressState.Succeeded : EntityProgressState.Failed));
    }
}

/// <summary>Where an entity of a run stands.</summary>
public enum EntityProgressState
{
    /// <summary>Extracting.</summary>
    Running,

    /// <summary>Extracted; the manifest decides the run's status.</summary>
    Succeeded,

    /// <summary>Failed; the run's manifest will be failed.</summary>
    Failed,
}
