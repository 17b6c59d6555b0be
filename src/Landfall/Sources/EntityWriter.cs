using Landfall.Diagnostics;
using Landfall.Lake;
using Landfall.Layout;
using Landfall.Manifests;
using Landfall.Progress;

namespace Landfall.Sources;

/// <summary>
/// Writes an entity's objects into its run-namespaced bronze prefix, SHA-256ing and counting each one as it streams,
/// and keeps the list of what landed for the manifest.
/// </summary>
public sealed class EntityWriter
{
    private readonly SourceRunContext _context;
    private readonly List<OutputObject> _objects = [];

    internal EntityWriter(ILake lake, SourceRunContext context, string entity, EntityProgress? progress = null)
    {
        Lake = lake;
        _context = context;
        Entity = entity;
        Progress = progress ?? EntityProgress.Detached(entity);
        Prefix = BronzeKeys.EntityPrefix(context.Source, entity, context.IngestDate, context.RunId);
    }

    /// <summary>The lake, for sources that copy server-side.</summary>
    public ILake Lake { get; }

    /// <summary>The entity name.</summary>
    public string Entity { get; }

    /// <summary>Live counters for a progress display; sources report what they listed with <see cref="EntityProgress.Expect"/>.</summary>
    public EntityProgress Progress { get; }

    /// <summary>The bronze prefix every object of this entity goes under.</summary>
    public string Prefix { get; }

    /// <summary>Objects written so far.</summary>
    public IReadOnlyList<OutputObject> Objects => _objects;

    /// <summary>The lake key for a name relative to the entity, made safe with <see cref="LakeNames.EncodeRelativePath"/>.</summary>
    public string KeyFor(string relativeName) => Prefix + LakeNames.EncodeRelativePath(relativeName);

    /// <summary>
    /// Streams <paramref name="content"/> into the lake under <paramref name="relativeName"/>, hashing it on the way, checks the
    /// stored size (read back from the lake) against the bytes read, and records the object.
    /// </summary>
    public Task<OutputObject> WriteAsync(
        string relativeName,
        Stream content,
        string contentType,
        string? sourcePath,
        DateTimeOffset? sourceModifiedAt,
        long? rows,
        CancellationToken cancellationToken) =>
        WriteAsync(relativeName, content, contentType, sourcePath, sourceModifiedAt, () => rows, cancellationToken);

    /// <summary>
    /// As <see cref="WriteAsync(string, Stream, string, string?, DateTimeOffset?, long?, CancellationToken)"/>, for content produced while
    /// it streams (a Parquet file written as rows arrive): <paramref name="rowsWhenDone"/> is asked once the content has been read to its end.
    /// </summary>
    public async Task<OutputObject> WriteAsync(
        string relativeName,
        Stream content,
        string contentType,
        string? sourcePath,
        DateTimeOffset? sourceModifiedAt,
        Func<long?> rowsWhenDone,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rowsWhenDone);
        var key = KeyFor(relativeName);
        FaultInjection.Hit("before_object");
        var hashing = new HashingReadStream(
            FaultInjection.Midway(content, content.CanSeek ? content.Length : 1 << 20, "mid_object"), leaveOpen: true)
        {
            OnRead = n => Progress.AddBytes(n),
        };
        await using (hashing.ConfigureAwait(false))
        {
            // Durable at the runner's barrier (ILake.FlushAsync), which comes before any manifest can name the object.
            await Lake.PutAsync(key, hashing, contentType, LakeDurability.Deferred, cancellationToken).ConfigureAwait(false);
            // Read back what the lake holds, not what the put claims: a short write must fail the run, never land in a success.
            var stored = await Lake.HeadAsync(key, cancellationToken).ConfigureAwait(false);
            if (stored is null || stored.Size != hashing.BytesRead)
            {
                throw new LakeException(
                    $"The lake holds {stored?.Size.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"} for '{key}' " +
                    $"but {hashing.BytesRead} bytes were read from the source; the run fails and the next run redoes the date.");
            }
            var obj = new OutputObject
            {
                Key = key,
                Bytes = hashing.BytesRead,
                Sha256 = hashing.Sha256Hex,
                Etag = stored.ETag,
                Rows = rowsWhenDone(),
                SourcePath = sourcePath,
                SourceModifiedAt = sourceModifiedAt,
            };
            Progress.ObjectDone();
            Add(obj);
            return obj;
        }
    }

    /// <summary>Records an object written by other means (server-side copy). Safe to call concurrently, as are the WriteAsync overloads.</summary>
    /// <remarks>Live progress is the source's to report, as each object lands: <see cref="EntityProgress.Landed"/>.</remarks>
    public void Record(OutputObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Add(obj);
    }

    private void Add(OutputObject obj)
    {
        lock (_objects)
        {
            _objects.Add(obj);
        }
        Log.ObjectWritten(_context.Logger, _context.Source, Entity, ManifestKeys.FormatDate(_context.IngestDate), _context.RunId, obj.Key, obj.Bytes);
    }

    /// <summary>The entity's output block from what was recorded.</summary>
    public EntityOutput ToOutput(bool? empty = null, Dictionary<string, System.Text.Json.JsonElement>? extra = null)
    {
        long? rows = _objects.Any(o => o.Rows is not null) ? _objects.Sum(o => o.Rows ?? 0) : null;
        return new EntityOutput
        {
            Objects = [.. _objects],
            Totals = new EntityTotals(_objects.Count, _objects.Sum(o => o.Bytes), rows),
            Empty = empty,
            Extra = extra,
        };
    }
}
