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
        Status = read.Status;
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

    /// <summary>Per entity, what landed with its integrity data; empty when the layout could not be bound.</summary>
    public IReadOnlyDictionary<string, EntityOutput> Outputs { get; private init; } = new Dictionary<string, EntityOutput>();

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

    /// <summary>Builds the audit view of one read manifest.</summary>
    internal static AuditManifest From(ManifestRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var manifest = read.TryBind();
        return new AuditManifest(read)
        {
            DurationMs = read.DurationMs,
            Host = read.GetString("host"),
            LandfallVersion = read.GetString("landfall_version"),
            Errors = read.Outcome == ManifestReadOutcome.Ok ? read.Errors : [],
            Outputs = manifest?.Outputs ?? [],
            EntitiesNotRun = manifest?.EntitiesNotRun ?? [],
            Supersedes = manifest?.Supersedes,
            Reason = read.GetString("reason"),
            PassedOver = manifest?.PassedOver ?? [],
        };
    }
}
