using System.Text.Json.Serialization;

namespace Landfall.Ledger;

/// <summary>What indexing one source did (<see cref="IndexResult.Status"/>).</summary>
[JsonConverter(typeof(WordConverter<IndexStatus>))]
public enum IndexStatus
{
    /// <summary>A new index object was written.</summary>
    Written,

    /// <summary>The newest index already covers every manifest.</summary>
    UpToDate,

    /// <summary>After a run: too few manifests not yet covered to be worth a new index.</summary>
    BelowThreshold,
}
