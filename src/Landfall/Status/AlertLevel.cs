using System.Text.Json.Serialization;

namespace Landfall.Status;

/// <summary>How serious a <see cref="StatusAlert"/> is.</summary>
[JsonConverter(typeof(WordConverter<AlertLevel>))]
public enum AlertLevel
{
    /// <summary>Fails <c>status --check</c>.</summary>
    Error,

    /// <summary>Shown, does not fail <c>status --check</c>.</summary>
    Warning,
}
