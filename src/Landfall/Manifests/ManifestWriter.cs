using Landfall.Diagnostics;
using Landfall.Lake;
using Landfall.Layout;
using Microsoft.Extensions.Logging;

namespace Landfall.Manifests;

/// <summary>Writes a run's manifest to its own run-namespaced key: a new key every time, never an overwrite, never a delete.</summary>
internal sealed class ManifestWriter(ILake lake, ILogger logger)
{
    /// <summary>Writes the manifest and returns its key.</summary>
    public async Task<string> WriteAsync(Manifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var date = DateOnly.ParseExact(manifest.IngestDate, "yyyy-MM-dd");
        var key = ManifestKeys.Key(manifest.Source, date, manifest.RunId);
        using var body = new MemoryStream(ManifestFormat.Serialize(manifest), writable: false);
        await lake.PutAsync(key, FaultInjection.Midway(body, body.Length, "mid_manifest"), ManifestFormat.ContentType, cancellationToken)
            .ConfigureAwait(false);
        Log.ManifestWritten(logger, manifest.Status.ToWord(), key);
        return key;
    }
}
