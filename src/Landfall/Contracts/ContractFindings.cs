using System.Text.Json.Nodes;
using Landfall.Manifests;

namespace Landfall.Contracts;

/// <summary>What checking one entity's contract found: evidence for its manifest block, and the errors, warnings and acceptances.</summary>
internal sealed class ContractFindings
{
    /// <summary>Manifest fields to add to the entity's output block (<c>schema_change</c>, <c>expectations</c>).</summary>
    public Dictionary<string, JsonNode> Evidence { get; } = new(StringComparer.Ordinal);

    public List<ManifestError> Errors { get; } = [];

    public List<ManifestError> Warnings { get; } = [];

    /// <summary>What was accepted, for the manifest's top-level <c>accepted</c> list.</summary>
    public List<JsonObject> Accepted { get; } = [];
}

/// <summary>The run a contract is checked in, for messages, events and acceptance records.</summary>
internal sealed record ContractRun(string Source, DateOnly Date, string RunId, Microsoft.Extensions.Logging.ILogger Logger, DateTimeOffset Now)
{
    public string Day => Layout.ManifestKeys.FormatDate(Date);

    /// <summary>An acceptance record: who, how, when.</summary>
    public JsonObject Accepted(string by, string via) => new() { ["by"] = by, ["via"] = via, ["at"] = ManifestFormat.FormatInstant(Now) };
}
