using Landfall.Lake;

namespace Landfall.Manifests;

/// <summary>
/// The seed's "latest wins": the latest manifest of a (source, date) is the one with the greatest LastModified over every page of
/// its prefix. Ties (S3 keeps whole seconds) are broken by the manifest's ended_at, then by run_id, both greatest first; an
/// unreadable manifest has no ended_at and loses a tie to a readable one.
/// </summary>
internal static class LatestManifest
{
    /// <summary>The candidates for latest: the objects with the greatest LastModified; only these need reading to pick it.</summary>
    public static List<LakeObjectInfo> Candidates(IReadOnlyList<LakeObjectInfo> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        if (objects.Count == 0)
        {
            return [];
        }
        var max = objects.Max(o => o.LastModified);
        return objects.Where(o => o.LastModified == max).ToList();
    }

    /// <summary>The latest of some reads of one date (the candidates, or all of them).</summary>
    public static ManifestRead Pick(ReadOnlySpan<ManifestRead> reads)
    {
        if (reads.IsEmpty)
        {
            throw new ArgumentException("There is no manifest to pick from.", nameof(reads));
        }
        var best = reads[0];
        foreach (var read in reads[1..])
        {
            if (NewestFirst(read, best) < 0)
            {
                best = read;
            }
        }
        return best;
    }

    /// <summary>Ordering of manifests, newest first: LastModified, then ended_at, then run_id (ordinal), all descending.</summary>
    public static int NewestFirst(ManifestRead a, ManifestRead b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = b.Info.LastModified.CompareTo(a.Info.LastModified);
        if (c != 0)
        {
            return c;
        }
        c = Nullable.Compare(b.EndedAt, a.EndedAt);
        if (c != 0)
        {
            return c;
        }
        return string.CompareOrdinal(b.RunId, a.RunId);
    }
}
