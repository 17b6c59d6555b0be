namespace Landfall.Reconcile;

/// <summary>The kinds of <see cref="DriftChange"/>.</summary>
public static class DriftChangeKind
{
    /// <summary>A file or object the source shows that the manifest does not list.</summary>
    public const string Added = "added";

    /// <summary>A file or object whose size, modification time, ETag or version differs from what the manifest recorded.</summary>
    public const string Changed = "changed";

    /// <summary>A file or object the manifest lists that the source no longer shows (it stays in the lake).</summary>
    public const string Removed = "removed";

    /// <summary>A table's row count differs from the count recorded at ingest.</summary>
    public const string RowsChanged = "rows_changed";

    /// <summary>A table's row count is the same but its content fingerprint differs (rows updated, or as many deleted as inserted).</summary>
    public const string ContentChanged = "content_changed";
}
