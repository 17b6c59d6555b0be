using Landfall.Manifests;

namespace Landfall.Runs;

/// <summary>What the manifests say to do for one source and date, decided before any connection to the source.</summary>
/// <param name="Ingest">True to ingest, false to skip.</param>
/// <param name="Reason">latest_manifest_success (skip), or no_manifest, latest_manifest_failed, latest_manifest_unreadable, forced.</param>
/// <param name="Latest">The latest manifest of the date, if any.</param>
internal sealed record IngestDecision(bool Ingest, string Reason, ManifestRead? Latest)
{
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
            ? new(true, $"latest_manifest_{latest.Status}", latest)
            : new(true, "latest_manifest_unreadable", latest);
    }
}
