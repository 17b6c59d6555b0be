using System.Text.Json.Serialization;

namespace Landfall.Status;

/// <summary>What a <see cref="StatusAlert"/> is about.</summary>
[JsonConverter(typeof(WordConverter<AlertKind>))]
public enum AlertKind
{
    /// <summary>The newest complete date is older than the source's freshness thresholds.</summary>
    Freshness,

    /// <summary>Dates whose data was not there by the source's deadline.</summary>
    Late,

    /// <summary>Dates that broke an entity's contract (schema_changed under freeze, an expectation of level fail), or succeeded with a warning.</summary>
    Contract,
}
