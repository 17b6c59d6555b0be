using Landfall.Sources;

namespace Landfall.Config;

/// <summary>A validated landfall.yaml.</summary>
public sealed class LandfallConfig
{
    /// <summary>The file it was read from.</summary>
    public required string FilePath { get; init; }

    /// <summary>Environment name written into every manifest (default <c>dev</c>).</summary>
    public string Env { get; init; } = "dev";

    /// <summary>Where data and manifests land.</summary>
    public required LakeSettings Lake { get; init; }

    /// <summary>Which dates are complete and how many sources run at once.</summary>
    public ScheduleSettings Schedule { get; init; } = new();

    /// <summary>The sources, in config order.</summary>
    public required IReadOnlyList<ISource> Sources { get; init; }
}

/// <summary>Schedule settings (the <c>schedule:</c> section).</summary>
public sealed class ScheduleSettings
{
    /// <summary>Time zone that decides what "today" is (default UTC).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Days between today and the last complete business date (default 1: yesterday is the newest complete date).</summary>
    public int LagDays { get; init; } = 1;

    /// <summary>How many sources of one date run at once (default 4).</summary>
    public int MaxParallelSources { get; init; } = 4;

    /// <summary>How concurrent runners share the lake (claim_ttl_minutes, claim_wait_seconds).</summary>
    public Claims.ClaimOptions Claims { get; init; } = new();
}
