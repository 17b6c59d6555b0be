namespace Landfall.Claims;

/// <summary>How concurrent runners decide who ingests a (source, date). See docs/concurrency.md.</summary>
public sealed record ClaimOptions
{
    /// <summary>
    /// How long a claim without a manifest counts as a run in progress (default 2 hours). Must be longer than any run:
    /// a crashed run on another host blocks its date for this long (on the same host a dead process is detected at once).
    /// </summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromHours(2);

    /// <summary>How long to wait for a competitor that announced itself to take its ticket before giving way (default 30 s).</summary>
    public TimeSpan ChoosingTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause between listings while waiting for a competitor's ticket.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);
}
