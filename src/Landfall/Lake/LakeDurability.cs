namespace Landfall.Lake;

/// <summary>When an object stored with <see cref="ILake.PutAsync(string, Stream, string, LakeDurability, CancellationToken)"/> becomes durable.</summary>
public enum LakeDurability
{
    /// <summary>
    /// Durable (survives a crash of the machine, directory entry included) when the put returns. For the control objects:
    /// manifests and claims.
    /// </summary>
    Immediate,

    /// <summary>
    /// Visible as soon as the put returns (atomically, never overwriting, as every put), durable once a later
    /// <see cref="ILake.FlushAsync"/> returns. For bulk data that nothing references before that barrier: a crash of the
    /// machine before it may leave such an object empty or torn, but no manifest names it.
    /// </summary>
    Deferred,
}
