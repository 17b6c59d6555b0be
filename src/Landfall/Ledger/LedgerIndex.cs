using Landfall.Lake;

namespace Landfall.Ledger;

/// <summary>
/// A ledger index object of one source, as read and validated: a cache of manifests, never the authority. An entry is used only
/// when the manifest listing shows the very object it recorded (<see cref="LedgerEntry.Matches"/>).
/// </summary>
internal sealed class LedgerIndex(string source, LakeObjectInfo info, DateTimeOffset createdAt, IReadOnlyDictionary<string, LedgerEntry> entries)
{
    /// <summary>The source it covers.</summary>
    public string Source { get; } = source;

    /// <summary>The index object in the lake.</summary>
    public LakeObjectInfo Info { get; } = info;

    /// <summary>When it was written (its header).</summary>
    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>The manifests it covers, by key.</summary>
    public IReadOnlyDictionary<string, LedgerEntry> Entries { get; } = entries;

    /// <summary>The recorded bytes of <paramref name="listed"/>, when this index covers that exact object.</summary>
    public bool TryGet(LakeObjectInfo listed, out byte[] body)
    {
        if (Entries.TryGetValue(listed.Key, out var entry) && entry.Matches(listed))
        {
            body = entry.Body;
            return true;
        }
        body = [];
        return false;
    }

    /// <summary>How many listed objects this index covers, and how many of its entries disagree with the listing.</summary>
    public (int Covered, int Disagreeing) Compare(IEnumerable<LakeObjectInfo> listed)
    {
        var covered = 0;
        var disagreeing = 0;
        var seen = 0;
        foreach (var obj in listed)
        {
            if (Entries.TryGetValue(obj.Key, out var entry))
            {
                seen++;
                if (entry.Matches(obj))
                {
                    covered++;
                }
                else
                {
                    disagreeing++;
                }
            }
        }
        // An entry whose manifest the listing does not show disagrees too: manifests are never deleted.
        return (covered, disagreeing + (Entries.Count - seen));
    }
}
