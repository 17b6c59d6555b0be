using Landfall.Manifests;

namespace Landfall.Telemetry;

/// <summary>How one (source, date) of a run ended, as telemetry reports it (the runner's result, without depending on the runner).</summary>
internal sealed record DateOutcome
{
    public required string Source { get; init; }

    public required DateOnly IngestDate { get; init; }

    public required string RunId { get; init; }

    /// <summary>success, failed, skipped or waiting.</summary>
    public required string Status { get; init; }

    public string? Reason { get; init; }

    public IReadOnlyList<ManifestError> Errors { get; init; } = [];

    public int Objects { get; init; }

    public long Bytes { get; init; }

    public long? Rows { get; init; }

    public long DurationMs { get; init; }

    /// <summary>Per entity that landed something, its totals.</summary>
    public IReadOnlyDictionary<string, EntityTotals> EntityTotals { get; init; } = new Dictionary<string, EntityTotals>();

    public bool Failed => Status == "failed";
}
