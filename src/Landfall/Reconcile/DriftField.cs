using System.Text.Json.Serialization;

namespace Landfall.Reconcile;

/// <summary>A fact of a file, object or table that a <see cref="DriftChange"/> finds different.</summary>
[JsonConverter(typeof(WordConverter<DriftField>))]
public enum DriftField
{
    /// <summary>The size.</summary>
    Bytes,

    /// <summary>The modification time.</summary>
    ModifiedAt,

    /// <summary>The ETag.</summary>
    Etag,

    /// <summary>The version id (versioned buckets).</summary>
    VersionId,

    /// <summary>A table's row count.</summary>
    Rows,

    /// <summary>A table's content fingerprint.</summary>
    Fingerprint,
}
