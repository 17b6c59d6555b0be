using Landfall.Manifests;

namespace Landfall.Reports;

/// <summary>One manifest of a (source, date) as the audit trail shows it; built from a <see cref="ManifestRead"/>, never trusted.</summary>
public sealed class AuditManifest
{
    private AuditManifest(ManifestRead read)
    {
        Key = read.Key;
        RunId = read.RunId;
        LastModified = read.Info.LastModified;
        Readable = read.Outcome == ManifestReadOutcome.Ok;
        Status = read.StatusText;
        UnreadableReason = read.FailureReason;
        Problem = read.Problem;
        StartedAt = read.StartedAt;
        EndedAt = read.EndedAt;
        IsSuccess = read.IsSuccess;
    }

    /// <summary>Its key in the lake.</summary>
    public string Key { get; }

    /// <summary>Run id, from the document or else from the key.</summary>
    public string RunId { get; }

    /// <summary>When the lake says it was written: the first criterion of "latest".</summary>
    public DateTimeOffset LastModified { get; }

    /// <summary>True when the document is a JSON object with a string status.</summary>
    public bool Readable { get; }

    /// <summary>True only for a readable manifest whose status is exactly <c>success</c>.</summary>
    public bool IsSuccess { get; }

    /// <summary>The status word, when there is one.</summary>
    public string? Status { get; }

    /// <summary>Why it was passed over (manifest_decode_failed, ...), when unreadable.</summary>
    public string? UnreadableReason { get; }

    /// <summary>What the reader found wrong, when unreadable.</summary>
    public string? Problem { get; }

    /// <summary>started_at.</summary>
    public DateTimeOffset? StartedAt { get; }

    /// <summary>ended_at.</summary>
    public DateTimeOffset? EndedAt { get; }

    /// <summary>duration_ms, or ended_at - started_at for manifests that have no duration (seed layout).</summary>
    public long? DurationMs { get; private init; }

    /// <summary>The machine that ran it.</summary>
    public string? Host { get; private init; }

    /// <summary>The Landfall version that wrote it.</summary>
    public string? LandfallVersion { get; private init; }

    /// <summary>The errors it records (empty on success).</summary>
    public IReadOnlyList<ManifestError> Errors { get; private init; } = [];

    /// <summary>What a success was marked with (schema change under schema_contract: warn, expectation of level warn); empty when none.</summary>
    public IReadOnlyList<ManifestError> Warnings { get; private init; } = [];

    /// <summary>
    /// Per entity, what landed with its integrity data; empty when the layout could not be bound. Each entity lists at most the
    /// report's <see cref="ReportRequest.ObjectsPerEntity"/> objects (its totals always count all of them); see <see cref="ObjectsNotListed"/>.
    /// </summary>
    public IReadOnlyDictionary<string, EntityOutput> Outputs { get; private init; } = new Dictionary<string, EntityOutput>();

    /// <summary>Per entity, how many of the manifest's objects <see cref="Outputs"/> leaves out (entities that list all are absent).</summary>
    public IReadOnlyDictionary<string, int> ObjectsNotListed { get; private init; } = new Dictionary<string, int>();

    /// <summary>Entities not extracted because an earlier one failed or the run was cancelled.</summary>
    public IReadOnlyList<string> EntitiesNotRun { get; private init; } = [];

    /// <summary>The successful run this one replaced (<c>--force</c>, or a re-ingest after reconcile).</summary>
    public ManifestReference? Supersedes { get; private init; }

    /// <summary>Why it re-ingested a date that was a success (<c>reconcile</c>), from the manifest's <c>reason</c>; null when none.</summary>
    public string? Reason { get; private init; }

    /// <summary>Unreadable manifests this run passed over.</summary>
    public IReadOnlyList<PassedOverManifest> PassedOver { get; private init; } = [];

    /// <summary>Objects over every entity.</summary>
    public int ObjectCount => Outputs.Values.Sum(o => o.Totals.Objects);

    /// <summary>Bytes over every entity.</summary>
    public long Bytes => Outputs.Values.Sum(o => o.Totals.Bytes);

    // Shared by the many manifests that list every object: a year of forty sources is tens of thousands of them.
    private static readonly Dictionary<string, int> NothingLeftOut = [];

    /// <summary>Builds the audit view of one read manifest, keeping at most <paramref name="objectsPerEntity"/> objects of each entity.</summary>
    internal static AuditManifest From(ManifestRead read, int objectsPerEntity = ReportRequest.DefaultObjectsPerEntity)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentOutOfRangeException.ThrowIfNegative(objectsPerEntity);
        var manifest = read.TryBind();
        var outputs = manifest?.Outputs ?? [];
        var notListed = NothingLeftOut;
        // A 10,000-file day must not weigh megabytes in the report (nor in memory for a year of them): the manifest keeps the list.
        if (outputs.Values.Any(o => o.Objects.Count > objectsPerEntity))
        {
            notListed = new Dictionary<string, int>(StringComparer.Ordinal);
            outputs = outputs.ToDictionary(kv => kv.Key, kv =>
            {
                var o = kv.Value;
                if (o.Objects.Count <= objectsPerEntity)
                {
                    return o;
                }
                notListed[kv.Key] = o.Objects.Count - objectsPerEntity;
                return new EntityOutput { Objects = o.Objects.GetRange(0, objectsPerEntity), Totals = o.Totals, Empty = o.Empty, Extra = o.Extra };
            }, StringComparer.Ordinal);
        }
        return new AuditManifest(read)
        {
            ObjectsNotListed = notListed,
            DurationMs = read.DurationMs,
            Host = read.GetString("host"),
            LandfallVersion = read.GetString("landfall_version"),
            Errors = read.Outcome == ManifestReadOutcome.Ok ? read.Errors : [],
            Warnings = manifest?.Warnings ?? [],
            Outputs = outputs,
            EntitiesNotRun = manifest?.EntitiesNotRun ?? [],
            Supersedes = manifest?.Supersedes,
            Reason = read.GetString("reason"),
            PassedOver = manifest?.PassedOver ?? [],
        };
    }
}
