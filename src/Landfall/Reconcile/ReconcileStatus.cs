using System.Text.Json.Serialization;

namespace Landfall.Reconcile;

/// <summary>The outcome of comparing one (source, date) (<see cref="ReconcileResult.Status"/>).</summary>
[JsonConverter(typeof(WordConverter<ReconcileStatus>))]
public enum ReconcileStatus
{
    /// <summary>The source shows what the latest success recorded.</summary>
    NoDrift,

    /// <summary>The source shows something else now: objects added, changed or removed, or rows or content changed.</summary>
    Drift,

    /// <summary>The date cannot be compared: its latest manifest is not a success, or holds nothing to compare with (the reason says why).</summary>
    NotComparable,

    /// <summary>The source could not be observed (unreachable, denied, ...); the reason is the source's error type.</summary>
    Failed,
}
