using Landfall.Progress;

namespace Landfall.Runs;

/// <summary>How to run a date.</summary>
internal sealed record RunOptions
{
    /// <summary>Ingest even when the latest manifest is a success; the new manifest names the run it supersedes.</summary>
    public bool Force { get; init; }

    /// <summary>Only these sources; all when null or empty.</summary>
    public IReadOnlyCollection<string>? Sources { get; init; }

    /// <summary>Live counters for a progress display; none when null.</summary>
    public RunProgress? Progress { get; init; }

    /// <summary>Accept a schema change of the date (recorded in the manifest with <see cref="AcceptedBy"/>).</summary>
    public bool AcceptSchema { get; init; }

    /// <summary>Accept expectations the date does not meet (recorded in the manifest with <see cref="AcceptedBy"/>).</summary>
    public bool AcceptExpectations { get; init; }

    /// <summary>Who accepts; null: the OS user and host.</summary>
    public string? AcceptedBy { get; init; }

    /// <summary>Re-ingest a date that is a success, for a reason recorded in the manifest (reconcile); null for a plain run.</summary>
    public Reingest? Reingest { get; init; }
}
