using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Landfall.Layout;

namespace Landfall.Manifests;

/// <summary>The JSON form of manifests: snake_case, indented, UTF-8, timestamps as ISO-8601 UTC with microseconds.</summary>
public static class ManifestFormat
{
    /// <summary>The manifest_version written by this Landfall.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Content type of every manifest put.</summary>
    public const string ContentType = "application/json";

    /// <summary>Serializer options for manifests.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The manifest as UTF-8 JSON bytes (no byte-order mark).</summary>
    public static byte[] Serialize(Manifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestInfo);

    internal static JsonTypeInfo<Manifest> ManifestInfo { get; } = (JsonTypeInfo<Manifest>)Options.GetTypeInfo(typeof(Manifest));

    /// <summary>A fact for a manifest's extra fields.</summary>
    internal static JsonElement Fact(string? value) => JsonSerializer.SerializeToElement(value, Fact<string?>());

    /// <inheritdoc cref="Fact(string?)"/>
    internal static JsonElement Fact(long value) => JsonSerializer.SerializeToElement(value, Fact<long>());

    /// <inheritdoc cref="Fact(string?)"/>
    internal static JsonElement Fact(bool value) => JsonSerializer.SerializeToElement(value, Fact<bool>());

    /// <inheritdoc cref="Fact(string?)"/>
    internal static JsonElement Fact(JsonNode? value) => JsonSerializer.SerializeToElement(value, Fact<JsonNode?>());

    /// <inheritdoc cref="Fact(string?)"/>
    internal static JsonElement Fact(IReadOnlyDictionary<string, string> value) =>
        JsonSerializer.SerializeToElement(value, Fact<IReadOnlyDictionary<string, string>>());

    /// <inheritdoc cref="Fact(string?)"/>
    internal static JsonElement Fact(List<Dictionary<string, string>> value) =>
        JsonSerializer.SerializeToElement(value, Fact<List<Dictionary<string, string>>>());

    private static JsonTypeInfo<T> Fact<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>Formats an instant the way manifests do: <c>2026-01-02T03:04:05.123456Z</c>.</summary>
    public static string FormatInstant(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Keys and paths stay readable (no \u002B for '+'); still valid JSON for any reader.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new InstantConverter());
        // Generated at build time (ManifestJsonContext): no reflection, so the natively compiled CLI writes the same JSON.
        options.TypeInfoResolver = ManifestJsonContext.Default;
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Instants as manifests write them (<see cref="FormatInstant"/>); reads any ISO-8601 timestamp, UTC when it has no offset.</summary>
    public sealed class InstantConverter : JsonConverter<DateTimeOffset>
    {
        /// <inheritdoc />
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                ? value
                : throw new JsonException($"Expected an ISO-8601 timestamp string, found {reader.TokenType}.");

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(FormatInstant(value));
    }

    /// <summary>Business dates as keys and manifests write them: <c>yyyy-MM-dd</c>.</summary>
    public sealed class DateConverter : JsonConverter<DateOnly>
    {
        /// <inheritdoc />
        public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ManifestKeys.ParseDate(reader.GetString()) ?? throw new JsonException($"Expected a date as yyyy-MM-dd, found {reader.TokenType}.");

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(ManifestKeys.FormatDate(value));
    }
}
