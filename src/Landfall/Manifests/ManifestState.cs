using System.Text.Json;
using System.Text.Json.Serialization;

namespace Landfall.Manifests;

/// <summary>
/// A manifest's status as the read side reports it (history, status, current, the object table): <see cref="Status"/> and the word
/// shown for it, <see cref="Text"/>: <c>success</c>, <c>failed</c>, another word exactly as someone else wrote it (status
/// <see cref="ManifestStatus.Unknown"/>), or, for a manifest that could not be read, why (<c>manifest_decode_failed</c>,
/// <c>manifest_not_object</c>, <c>manifest_status_invalid</c>, <c>manifest_read_failed</c>; also <see cref="ManifestStatus.Unknown"/>).
/// In JSON it is the word.
/// </summary>
/// <param name="Status">What the word means to Landfall.</param>
/// <param name="Text">The word.</param>
[JsonConverter(typeof(ManifestStateConverter))]
public readonly record struct ManifestState(ManifestStatus Status, string Text)
{
    /// <summary>A success.</summary>
    public static ManifestState Success { get; } = new(ManifestStatus.Success, "success");

    /// <summary>A failure.</summary>
    public static ManifestState Failed { get; } = new(ManifestStatus.Failed, "failed");

    /// <summary>True only for <see cref="ManifestStatus.Success"/>.</summary>
    public bool IsSuccess => Status == ManifestStatus.Success;

    /// <summary>The state of a status word: <c>success</c> and <c>failed</c> (exactly), else unknown, kept as written.</summary>
    public static ManifestState Of(string word) => word switch
    {
        "success" => Success,
        "failed" => Failed,
        _ => new(ManifestStatus.Unknown, word ?? ""),
    };

    /// <summary>The word.</summary>
    public override string ToString() => Text;
}

/// <summary>A <see cref="ManifestState"/> in JSON: its word.</summary>
public sealed class ManifestStateConverter : JsonConverter<ManifestState>
{
    /// <inheritdoc />
    public override ManifestState Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? ManifestState.Of(reader.GetString()!)
            : throw new JsonException($"A manifest state is a string, not {reader.TokenType}.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ManifestState value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Text);
    }
}
