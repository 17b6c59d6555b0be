using System.Text.Json.Serialization;

namespace Landfall.Status;

/// <summary>How a source's freshness compares with its thresholds (<see cref="Freshness.Status"/>).</summary>
[JsonConverter(typeof(WordConverter<FreshnessStatus>))]
public enum FreshnessStatus
{
    /// <summary>Within the thresholds.</summary>
    Ok,

    /// <summary>Past warn_after.</summary>
    Warn,

    /// <summary>Past error_after.</summary>
    Error,

    /// <summary>No thresholds set.</summary>
    None,
}
