using Landfall.Manifests;

namespace Landfall.Contracts;

/// <summary>One earlier date's latest manifest, a success: what a date's contract is compared with.</summary>
/// <param name="Date">Its business date.</param>
/// <param name="RunId">Its run.</param>
/// <param name="Key">Its manifest key.</param>
/// <param name="Manifest">The manifest.</param>
internal sealed record EarlierSuccess(DateOnly Date, string RunId, string Key, Manifest Manifest);

/// <summary>
/// Reads a source's earlier successes for the contracts of a run, from the manifests themselves (the run path never reads an index):
/// one listing of the source's dates, then the latest manifest of each earlier date, newest first, a batch at a time, until the
/// contracts have what they need or <see cref="MaxDates"/> dates were looked at.
/// </summary>
internal static class EarlierSuccesses
{
    /// <summary>Earlier dates looked at, at most: beyond, a date with no baseline counts as the first, and a trailing check uses what it found.</summary>
    public const int MaxDates = 120;

    private const int Batch = 8;

    public static async Task<List<EarlierSuccess>> ReadAsync(ManifestReads reads, string source, DateOnly date,
        Func<IReadOnlyList<EarlierSuccess>, bool> enough, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(enough);
        var found = new List<EarlierSuccess>();
        if (enough(found))
        {
            return found;
        }
        var dates = (await reads.Catalog.ListDatesAsync(source, cancellationToken).ConfigureAwait(false))
            .Where(d => d < date).Take(MaxDates).ToList();
        for (var at = 0; at < dates.Count; at += Batch)
        {
            var batch = dates.Skip(at).Take(Batch).ToList();
            var latest = await Task.WhenAll(batch.Select(d => reads.LatestAsync(source, d, cancellationToken))).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                if (latest[i] is { IsSuccess: true } read && read.TryBind() is { } manifest)
                {
                    found.Add(new EarlierSuccess(batch[i], read.RunId, read.Key, manifest));
                }
            }
            if (enough(found))
            {
                break;
            }
        }
        return found;
    }
}
