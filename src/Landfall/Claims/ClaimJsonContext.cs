using System.Text.Json.Serialization;

namespace Landfall.Claims;

/// <summary>
/// Serialization code for claim objects, generated at build time (no reflection for the natively compiled CLI). Same JSON
/// shape as manifests: snake_case, indented, instants as ISO-8601 UTC with microseconds.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Manifests.ManifestFormat.InstantConverter)])]
[JsonSerializable(typeof(ClaimBody))]
internal sealed partial class ClaimJsonContext : JsonSerializerContext;
