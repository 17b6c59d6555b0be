using System.Text.Json;
using Landfall.Contracts;
using Landfall.Diagnostics;
using Landfall.FileFormats;
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
    private readonly Dictionary<string, ObjectSchema> _schemas = new(StringComparer.Ordinal);

    internal EntityWriter(ILake lake, SourceRunContext context, string entity, EntityProgress? progress = null, int attempt = 1)
    {
        Lake = lake;
        _context = context;
        Entity = entity;
        Progress = progress ?? EntityProgress.Detached(entity);
        Prefix = BronzeKeys.AttemptPrefix(context.Source, entity, context.IngestDate, context.RunId, attempt);
    }

    /// <summary>The lake, for sources that copy server-side.</summary>
    public ILake Lake { get; }

    /// <summary>The entity name.</summary>
    public string Entity { get; }

    /// <summary>Live counters for a progress display; sources report what they listed with <see cref="EntityProgress.Expect"/>.</summary>
    public EntityProgress Progress { get; }

    /// <summary>The bronze prefix every object of this entity goes under.</summary>
    public string Prefix { get; }

    /// <summary>
    /// The entity's file format when its objects' schema is to be read (a file entity with <c>format:</c> csv, jsonl or parquet); set by
    /// the runner from the source's entity. <see cref="WriteAsync(string, Stream, string, string?, DateTimeOffset?, Func{long?}, CancellationToken)"/>
    /// then reads it as the bytes stream; a kind that puts objects by other means streams them through <see cref="NewSniffer"/> and
    /// records the result with <see cref="WithSchema"/>.
    /// </summary>
    internal FileFormat? Format { get; set; }

    /// <summary>A reader for one object's bytes in the entity's format; null when the entity's files are raw.</summary>
    internal SchemaSniffer? NewSniffer() => Format?.NewSniffer();

    /// <summary>
    /// <paramref name="obj"/> with what <paramref name="sniffer"/> read (after the object's last byte): its <c>schema</c> block, and its
    /// rows when it had none. Kept for the entity's schema in <see cref="ToOutput"/>. <paramref name="obj"/> itself when no sniffer.
    /// </summary>
    internal OutputObject WithSchema(OutputObject obj, SchemaSniffer? sniffer)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (sniffer is null)
        {
            return obj;
        }
        var read = sniffer.Complete();
        lock (_schemas)
        {
            _schemas[obj.Key] = read;
        }
        var extra = obj.Extra is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(obj.Extra);
        extra[EntitySchemaRecord.Field] = ManifestFormat.Fact(read.ToJson());
        return new OutputObject
        {
            Key = obj.Key,
            Bytes = obj.Bytes,
            Sha256 = obj.Sha256,
            Etag = obj.Etag,
            Rows = obj.Rows ?? read.Rows,
            SourcePath = obj.SourcePath,
            SourceModifiedAt = obj.SourceModifiedAt,
            Extra = extra,
        };
    }

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
        using var sniffer = NewSniffer();
        var hashing = new HashingReadStream(
            FaultInjection.Midway(content, content.CanSeek ? content.Length : 1 << 20, "mid_object"), leaveOpen: true)
        {
            OnRead = n => Progress.AddBytes(n),
            Sniffer = sniffer,
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
            var obj = WithSchema(new OutputObject
            {
                Key = key,
                Bytes = hashing.BytesRead,
                Sha256 = hashing.Sha256Hex,
                Etag = stored.ETag,
                Rows = rowsWhenDone(),
                SourcePath = sourcePath,
                SourceModifiedAt = sourceModifiedAt,
            }, sniffer);
            Progress.ObjectDone();
            Add(obj);
            return obj;
        }
    }

    /// <summary>The entity's <c>schema</c> block and <c>schema_fingerprint</c> from its objects' schemas, in the order they are listed.</summary>
    private Dictionary<string, JsonElement>? WithEntitySchema(FileFormat format, Dictionary<string, JsonElement>? extra)
    {
        List<(string, ObjectSchema)> read;
        lock (_schemas)
        {
            // In source-path order, whatever order parallel transfers finished in: the tie rule's "first object" is stable.
            read = [.. _objects.Where(o => _schemas.ContainsKey(o.Key)).Select(o => (o.SourcePath ?? o.Key, _schemas[o.Key]))
                .OrderBy(x => x.Item1, StringComparer.Ordinal)];
        }
        if (EntitySchemaRecord.Aggregate(format.Kind.ToWord(), read) is not { } block)
        {
            return extra;
        }
        var result = extra is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(extra);
        result[EntitySchemaRecord.Field] = ManifestFormat.Fact(block);
        if (block["fingerprint"] is { } fingerprint)
        {
            result[EntitySchemaRecord.FingerprintField] = ManifestFormat.Fact(fingerprint.GetValue<string>());
        }
        return result;
    }

    /// <summary>Records an object written by other means (server-side copy). Safe to call concurrently, as are the WriteAsync overloads.</summary>
    /// <remarks>Live progress is the source's to report, as each object lands: <see cref="EntityProgress.Landed"/>.</remarks>
    public void Record(OutputObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Add(obj);
    }

    /// <summary>
    /// Lands <paramref name="items"/> at most <paramref name="parallelism"/> at a time and records what landed in listing order, also
    /// when one fails: what landed is then listed in the failed manifest (it is in the lake, never in a success).
    /// </summary>
    internal async Task LandAllAsync<T>(IReadOnlyList<T> items, int parallelism, Func<T, CancellationToken, Task<OutputObject>> land,
        CancellationToken cancellationToken)
    {
        var landed = new OutputObject?[items.Count];
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, items.Count),
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    landed[i] = await land(items[i], ct).ConfigureAwait(false);
                    Progress.Landed(landed[i]!.Bytes);
                }).ConfigureAwait(false);
        }
        finally
        {
            foreach (var obj in landed)
            {
                if (obj is not null)
                {
                    Record(obj);
                }
            }
        }
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
    public EntityOutput ToOutput(bool? empty = null, Dictionary<string, JsonElement>? extra = null)
    {
        long? rows = _objects.Any(o => o.Rows is not null) ? _objects.Sum(o => o.Rows ?? 0) : null;
        if (Format is { } format)
        {
            extra = WithEntitySchema(format, extra);
            // Rows are known when every object's are (none at all: 0); one object whose format could not be read makes them unknown.
            rows = _objects.All(o => o.Rows is not null) ? _objects.Sum(o => o.Rows ?? 0) : null;
        }
        return new EntityOutput
        {
            Objects = [.. _objects],
            Totals = new EntityTotals(_objects.Count, _objects.Sum(o => o.Bytes), rows),
            Empty = empty,
            Extra = extra,
        };
    }
}
