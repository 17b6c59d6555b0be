using System.Text.Json.Serialization;

namespace Landfall.Reconcile;

/// <summary>The kinds of <see cref="DriftChange"/>.</summary>
[JsonConverter(typeof(WordConverter<DriftChangeKind>))]
public enum DriftChangeKind
{
    /// <summary>A file or object the source shows that the manifest does not list.</summary>
    Added,

    /// <summary>A file or object whose size, modification time, ETag or version differs from what the manifest recorded.</summary>
    Changed,

    /// <summary>A file or object the manifest lists that the source no longer shows (it stays in the lake).</summary>
    Removed,

    /// <summary>A table's row count differs from the count recorded at ingest.</summary>
    RowsChanged,

    /// <summary>A table's row count is the same but its content fingerprint differs (rows updated, or as many deleted as inserted).</summary>
    ContentChanged,
}
