using System.Text.Json;
using System.Text.Json.Serialization;

namespace Landfall.Manifests;

/// <summary>
/// The <c>status</c> of a manifest, as the seed's code and Landfall write it. Anything else is <see cref="Unknown"/>: a manifest
/// with a status nobody here wrote is never a success (fail open), and its word is kept as written (<see cref="ManifestState.Text"/>).
/// </summary>
[JsonConverter(typeof(ManifestStatusConverter))]
public enum ManifestStatus
{
    /// <summary>A word neither writer uses, or no status: never a success, never written.</summary>
    Unknown = 0,

    /// <summary>Every entity landed; the date is done for this source.</summary>
    Success,

    /// <summary>The run failed; the date will be redone.</summary>
    Failed,
}

/// <summary>
/// <see cref="ManifestStatus"/> in a manifest: reads <c>success</c> and <c>failed</c>, any other string as
/// <see cref="ManifestStatus.Unknown"/>; writes only <c>success</c> and <c>failed</c>.
/// </summary>
public sealed class ManifestStatusConverter : JsonConverter<ManifestStatus>
{
    /// <inheritdoc />
    public override ManifestStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? ManifestState.Of(reader.GetString()!).Status
            : throw new JsonException($"A manifest's status is a string, not {reader.TokenType}.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ManifestStatus value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value switch
        {
            ManifestStatus.Success => ManifestState.Success.Text,
            ManifestStatus.Failed => ManifestState.Failed.Text,
            _ => throw new JsonException("A manifest is written as success or failed, never with an unknown status."),
        });
    }
}
