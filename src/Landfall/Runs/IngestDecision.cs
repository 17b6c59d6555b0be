using Landfall.Manifests;

namespace Landfall.Runs;

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

    /// <summary>Decides for a run with <paramref name="options"/>: a re-ingest, else <see cref="From(ManifestRead?, bool)"/>.</summary>
    public static IngestDecision From(ManifestRead? latest, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Reingest is not { } reingest)
        {
            return From(latest, options.Force);
        }
        // Only over the very success the re-ingest was decided on: a date re-ingested meanwhile (or failed since) is left alone.
        return latest is { IsSuccess: true } && latest.RunId == reingest.Supersedes.RunId && latest.Key == reingest.Supersedes.Key
            ? new(true, reingest.Reason, latest)
            : new(false, Reingest.LatestChanged, latest);
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
            ? new(true, $"latest_manifest_{latest.Status}", latest)
            : new(true, "latest_manifest_unreadable", latest);
    }
}
