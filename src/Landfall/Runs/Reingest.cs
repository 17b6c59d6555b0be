using System.Text.Json;
using Landfall.Manifests;

namespace Landfall.Runs;

/// <summary>
/// A deliberate re-ingest of a date whose latest manifest is a success, with its reason: the run goes ahead only while that success
/// is still the date's latest manifest (so two re-ingests of the same finding, one after the other, make one new success), names it
/// in <c>supersedes</c>, and records <see cref="Reason"/> and <see cref="Evidence"/> in its manifest.
/// </summary>
/// <param name="Reason">The manifest's <c>reason</c> (for example <c>reconcile</c>).</param>
/// <param name="Supersedes">The success to replace: it must still be the date's latest manifest.</param>
/// <param name="Evidence">More manifest fields that say why (for reconcile, <c>drift</c>); written as they are.</param>
internal sealed record Reingest(string Reason, ManifestReference Supersedes, IReadOnlyDictionary<string, JsonElement> Evidence)
{
    /// <summary>The manifest field that records why a run re-ingested a date that was a success.</summary>
    public const string ReasonField = "reason";

    /// <summary>The extra fields of the new manifest: <c>reason</c>, then the evidence.</summary>
    public Dictionary<string, JsonElement> ManifestFields()
    {
        var fields = new Dictionary<string, JsonElement> { [ReasonField] = ManifestFormat.Fact(Reason) };
        foreach (var (name, value) in Evidence)
        {
            fields[name] = value;
        }
        return fields;
    }
}
