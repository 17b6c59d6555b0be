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
