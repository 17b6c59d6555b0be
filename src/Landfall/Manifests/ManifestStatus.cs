namespace Landfall.Manifests;

/// <summary>The status values of the seed's manifests.</summary>
public static class ManifestStatus
{
    /// <summary>Every entity landed; the date is done for this source.</summary>
    public const string Success = "success";

    /// <summary>The run failed; the date will be redone.</summary>
    public const string Failed = "failed";
}
