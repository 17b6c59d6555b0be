using Landfall.Runs;

namespace Landfall.Reconcile;

/// <summary>One (source, date): what the source shows now against what the date's latest success recorded.</summary>
public sealed record ReconcileResult
{
    /// <summary>Source name.</summary>
    public required string Source { get; init; }

    /// <summary>Source kind.</summary>
    public required string Kind { get; init; }

    /// <summary>Business date.</summary>
    public required DateOnly IngestDate { get; init; }

    /// <summary>no_drift, drift, not_comparable or failed.</summary>
    public required ReconcileStatus Status { get; init; }

    /// <summary>
    /// For not_comparable: latest_manifest_failed (or latest_manifest_{status}), latest_manifest_unreadable, no_outputs_layout,
    /// source_kind_changed, not_reconcilable, not_date_scoped; for failed: the source's error type. Null otherwise.
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>What the reason means for this date, in words; null when there is no reason.</summary>
    public string? Message { get; init; }

    /// <summary>The run id of the manifest compared with (the date's latest manifest).</summary>
    public string? RunId { get; init; }

    /// <summary>The key of the manifest compared with.</summary>
    public string? ManifestKey { get; init; }

    /// <summary>Per entity: what was compared and how many objects or rows each side has.</summary>
    public IReadOnlyList<EntityComparison> Entities { get; init; } = [];

    /// <summary>The drift, with before and after values as evidence; empty when there is none.</summary>
    public IReadOnlyList<DriftChange> Changes { get; init; } = [];

    /// <summary>What the comparison could not see or had to assume (compared by row count only, a directory that changed, ...).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The re-ingest of a drifted date (with <see cref="ReconcileRequest.Apply"/>): success, failed, or skipped with its reason.</summary>
    public RunResult? Reingest { get; init; }

    /// <summary>Why a drifted date was not re-ingested although asked (a re-ingest now would fail: objects still within the quiet period).</summary>
    public string? ReingestDeferred { get; init; }
}
