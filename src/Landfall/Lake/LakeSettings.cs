namespace Landfall.Lake;

/// <summary>The <c>lake:</c> section: where bronze data and manifests land.</summary>
public abstract record LakeSettings
{
    /// <summary>The <c>kind:</c> value (local or s3).</summary>
    public abstract string Kind { get; }

    /// <summary>Where the lake is, for messages and output (no secrets).</summary>
    public abstract string Description { get; }
}
