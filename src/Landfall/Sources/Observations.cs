using System.Text.Json;
using Landfall.Config;
using Landfall.Manifests;

namespace Landfall.Sources;

/// <summary>Helpers the built-in kinds share to observe an entity and to read back what a manifest recorded.</summary>
internal static class Observations
{
    /// <summary>
    /// A manifest's entity block of a file-like kind as an observation: each object's <c>source_path</c>, <c>bytes</c> and
    /// <c>source_modified_at</c>, and the entity fact <paramref name="locationFact"/> (directory, prefix) as its location.
    /// <paramref name="refine"/> adds kind-specific facts (S3's ETag and version id).
    /// </summary>
    public static EntityObservation FromObjects(string entity, EntityOutput output, string locationFact,
        Func<OutputObject, ObservedObject, ObservedObject>? refine = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var objects = new List<ObservedObject>(output.Objects.Count);
        foreach (var o in output.Objects)
        {
            var observed = new ObservedObject(o.SourcePath ?? o.Key, o.Bytes, o.SourceModifiedAt);
            objects.Add(refine is null ? observed : refine(o, observed));
        }
        return new EntityObservation { Entity = entity, Location = Fact(output.Extra, locationFact), Objects = objects };
    }

    /// <summary>A string fact of a manifest's extra fields, or null.</summary>
    public static string? Fact(Dictionary<string, JsonElement>? extra, string name) =>
        extra is not null && extra.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>
    /// Whether a date template gives <paramref name="date"/> a place of its own: it renders differently for the day before and the day
    /// after. A folder without a date token, or with only a year or a month, holds other dates' data too.
    /// </summary>
    public static bool DateScoped(DateTemplate template, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(template);
        var here = template.Render(date);
        return here != template.Render(date.AddDays(-1)) && here != template.Render(date.AddDays(1));
    }
}
