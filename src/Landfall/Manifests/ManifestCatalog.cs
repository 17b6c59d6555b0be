using Landfall.Lake;
using Landfall.Layout;

namespace Landfall.Manifests;

/// <summary>Lists what manifests a lake holds: its sources, a source's dates, the manifest objects of a source or of one date.</summary>
internal sealed class ManifestCatalog(ILake lake)
{
    /// <summary>The lake the manifests live in.</summary>
    public ILake Lake => lake;

    /// <summary>Source names that have a <c>_manifests/source=NAME/</c> folder in the lake, ordinal order.</summary>
    public async Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken cancellationToken)
    {
        const string marker = ManifestKeys.Root + "source=";
        var names = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var prefix in lake.ListCommonPrefixesAsync(ManifestKeys.Root, cancellationToken).ConfigureAwait(false))
        {
            if (prefix.StartsWith(marker, StringComparison.Ordinal) && prefix.EndsWith('/') && prefix.Length > marker.Length + 1)
            {
                names.Add(prefix[marker.Length..^1]);
            }
        }
        return names.ToList();
    }

    /// <summary>Every business date that has at least one manifest for <paramref name="source"/>, newest first.</summary>
    public async Task<IReadOnlyList<DateOnly>> ListDatesAsync(string source, CancellationToken cancellationToken)
    {
        var dates = new SortedSet<DateOnly>();
        await foreach (var prefix in lake.ListCommonPrefixesAsync(ManifestKeys.SourcePrefix(source), cancellationToken).ConfigureAwait(false))
        {
            if (ManifestKeys.DateOfPrefix(prefix) is { } d)
            {
                dates.Add(d);
            }
        }
        return dates.Reverse().ToList();
    }

    /// <summary>Every manifest object of a (source, date), across every listing page.</summary>
    public async Task<IReadOnlyList<LakeObjectInfo>> ListDateAsync(string source, DateOnly date, CancellationToken cancellationToken)
    {
        var objects = new List<LakeObjectInfo>();
        await foreach (var obj in lake.ListObjectsAsync(ManifestKeys.DatePrefix(source, date), cancellationToken).ConfigureAwait(false))
        {
            objects.Add(obj);
        }
        return objects;
    }

    /// <summary>
    /// Every manifest object of a source in one paginated listing, grouped by business date (objects outside the <c>ingest_date=</c>
    /// layout are ignored).
    /// </summary>
    public async Task<SortedDictionary<DateOnly, IReadOnlyList<LakeObjectInfo>>> ListSourceAsync(string source, CancellationToken cancellationToken)
    {
        var byDate = new SortedDictionary<DateOnly, List<LakeObjectInfo>>();
        var prefix = ManifestKeys.SourcePrefix(source);
        await foreach (var obj in lake.ListObjectsAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            var rest = obj.Key[prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || ManifestKeys.DateOfPrefix(rest[..(slash + 1)]) is not { } date)
            {
                continue;
            }
            if (!byDate.TryGetValue(date, out var list))
            {
                byDate[date] = list = [];
            }
            list.Add(obj);
        }
        var result = new SortedDictionary<DateOnly, IReadOnlyList<LakeObjectInfo>>();
        foreach (var (date, objects) in byDate)
        {
            result[date] = objects;
        }
        return result;
    }
}
