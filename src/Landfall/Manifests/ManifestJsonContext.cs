using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Landfall.Manifests;

/// <summary>
/// Serialization code generated at build time for manifests and the facts in them, so that the natively compiled CLI needs no
/// reflection. The options match <see cref="ManifestFormat.Options"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(ManifestFormat.InstantConverter)])]
[JsonSerializable(typeof(Manifest))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(List<Dictionary<string, string>>))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
