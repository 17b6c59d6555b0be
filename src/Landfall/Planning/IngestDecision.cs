using Landfall.Manifests;

namespace Landfall.Planning;

/// <summary>What the manifests say to do for one source and date, decided before any connection to the source.</summary>
/// <param name="Ingest">True to ingest, false to skip.</param>
/// <param name="Reason">
/// latest_manifest_success or latest_manifest_changed (skip), or no_manifest, latest_manifest_failed, latest_manifest_unreadable, forced,
/// or a re-ingest's reason (reconcile).
/// </param>
/// <param name="Latest">The latest manifest of the date, if any.</param>
internal sealed record IngestDecision(bool Ingest, string Reason, ManifestRead? Latest)
{
    /// <summary>True when the run replaces a success (forced, or a re-ingest): its manifest names that success in <c>supersedes</c>.</summary>
    public bool SupersedesLatest => Ingest && Latest is { IsSuccess: true };

    /// <summary>The skip reason of a re-ingest whose success is no longer the date's latest manifest.</summary>
    public const string LatestChanged = "latest_manifest_changed";

    /// <summary>
    /// Decides for a deliberate re-ingest of <paramref name="supersedes"/> with <paramref name="reason"/> (reconcile): only over that
    /// very success, so a date re-ingested meanwhile (or failed since) is left alone.
    /// </summary>
    public static IngestDecision Reingest(ManifestRead? latest, ManifestReference supersedes, string reason)
    {
        ArgumentNullException.ThrowIfNull(supersedes);
        return latest is { IsSuccess: true } && latest.RunId == supersedes.RunId && latest.Key == supersedes.Key
            ? new(true, reason, latest)
            : new(false, LatestChanged, latest);
    }

    /// <summary>Decides from the latest manifest, failing open on anything unreadable.</summary>
    public static IngestDecision From(ManifestRead? latest, bool force)
    {
        if (latest is null)
        {
            return new(true, "no_manifest", null);
        }
        if (latest.IsSuccess)
        {
            return force ? new(true, "forced", latest) : new(false, "latest_manifest_success", latest);
        }
        return latest.Outcome == ManifestReadOutcome.Ok
            ? new(true, $"latest_manifest_{latest.StatusText}", latest)
            : new(true, "latest_manifest_unreadable", latest);
    }
}
