using System.Text.Json.Serialization;

namespace Landfall.Reconcile;

/// <summary>The facts of a file, object or table that reconcile compares; only those the source has are set.</summary>
/// <param name="Bytes">Size.</param>
/// <param name="ModifiedAt">Modification time.</param>
/// <param name="ETag">ETag (S3).</param>
/// <param name="VersionId">Version id (versioned S3 bucket).</param>
/// <param name="Rows">Row count (tables).</param>
/// <param name="Fingerprint">Content fingerprint, <c>algorithm:value</c> (tables).</param>
public sealed record SourceFacts(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Bytes = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ModifiedAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ETag = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? VersionId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Rows = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Fingerprint = null);
