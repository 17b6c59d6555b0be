using Landfall.Manifests;

namespace Landfall.Runs;

/// <summary>The outcome of one source for one date, as the CLI prints it (and as the seed's skip result).</summary>
public sealed record RunResult
{
    /// <summary>Source name.</summary>
    public required string Source { get; init; }

    /// <summary>Environment.</summary>
    public required string Env { get; init; }

    /// <summary>Business date.</summary>
    public required DateOnly IngestDate { get; init; }

    /// <summary>This attempt's run id (minted even for a skip, which writes nothing).</summary>
    public required string RunId { get; init; }

    /// <summary>success, failed, skipped or waiting.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>
    /// Why: latest_manifest_success or claimed_by_other_run for a skip, what is missing for waiting, the first error type for a failure
    /// (late when the data is overdue), null for a success.
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>The manifest written, null when none was (skip, or the manifest write itself failed).</summary>
    public string? ManifestKey { get; init; }

    /// <summary>For a skip: the manifest that made it skip.</summary>
    public string? LatestManifestKey { get; init; }

    /// <summary>For a skip with reason claimed_by_other_run: the run that holds the date.</summary>
    public string? ClaimedBy { get; init; }

    /// <summary>The successful run this one superseded (--force, or a re-ingest after reconcile).</summary>
    public string? Supersedes { get; init; }

    /// <summary>
    /// Why this run re-ingested a date that was already a success: <c>forced</c> (--force) or <c>reconcile</c> (drift found at the
    /// source); null for a plain run.
    /// </summary>
    public string? ReingestReason { get; init; }

    /// <summary>Errors, as in the manifest.</summary>
    public IReadOnlyList<ManifestError> Errors { get; init; } = [];

    /// <summary>What a success was marked with (a schema change under schema_contract: warn, an expectation of level warn not met).</summary>
    public IReadOnlyList<ManifestError> Warnings { get; init; } = [];

    /// <summary>Objects written.</summary>
    public int Objects { get; init; }

    /// <summary>Bytes written.</summary>
    public long Bytes { get; init; }

    /// <summary>Rows written, for tabular entities; null when no entity counts rows.</summary>
    public long? Rows { get; init; }

    /// <summary>Per entity that landed something, its totals (for telemetry: outputs of lineage events, Pushgateway metrics).</summary>
    internal IReadOnlyDictionary<string, EntityTotals>? EntityTotals { get; init; }

    /// <summary>Run time in milliseconds.</summary>
    public long DurationMs { get; init; }

    /// <summary>For a waiting or late date: the instant past which it is late (the source's expected_by).</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>This result as telemetry reports it.</summary>
    internal Telemetry.DateOutcome ToTelemetry() => new()
    {
        Source = Source, IngestDate = IngestDate, RunId = RunId, Status = Status.ToWord(), Reason = Reason, Errors = Errors,
        Objects = Objects, Bytes = Bytes, Rows = Rows, DurationMs = DurationMs,
        EntityTotals = EntityTotals ?? new Dictionary<string, EntityTotals>(),
    };
}
