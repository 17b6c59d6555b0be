using System.Text.Json.Serialization;

namespace Landfall.Sources;

/// <summary>How a <see cref="CheckFinding"/> came out.</summary>
[JsonConverter(typeof(WordConverter<CheckStatus>))]
public enum CheckStatus
{
    /// <summary>Fine.</summary>
    Ok,

    /// <summary>Worth a look.</summary>
    Warning,

    /// <summary>Will make runs fail.</summary>
    Error,
}
