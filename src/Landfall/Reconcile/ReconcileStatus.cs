namespace Landfall.Reconcile;

/// <summary>The status words of a <see cref="ReconcileResult"/>.</summary>
public static class ReconcileStatus
{
    /// <summary>The source shows what the latest success recorded.</summary>
    public const string NoDrift = "no_drift";

    /// <summary>The source shows something else now: objects added, changed or removed, or rows or content changed.</summary>
    public const string Drift = "drift";

    /// <summary>The date cannot be compared: its latest manifest is not a success, or holds nothing to compare with (the reason says why).</summary>
    public const string NotComparable = "not_comparable";

    /// <summary>The source could not be observed (unreachable, denied, ...); the reason is the source's error type.</summary>
    public const string Failed = "failed";
}

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
