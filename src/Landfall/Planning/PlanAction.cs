using System.Text.Json.Serialization;

namespace Landfall.Planning;

/// <summary>What <c>run</c> would do for one source and date (<see cref="WorkUnit.Action"/>, <see cref="SourcePlan.Action"/>).</summary>
[JsonConverter(typeof(WordConverter<PlanAction>))]
public enum PlanAction
{
    /// <summary>Ingest it: no manifest, or the latest is not a success.</summary>
    Ingest,

    /// <summary>Skip it: the latest manifest is a success.</summary>
    Skip,

    /// <summary>Nothing: there is no date to decide for.</summary>
    None,
}
