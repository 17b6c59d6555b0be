using Landfall.Lake;

namespace Landfall.Ledger;

/// <summary>
/// One manifest as the ledger index records it: the listing's fingerprint of the object (key, size, ETag, LastModified) and its
/// bytes verbatim, so a read rebuilt from the entry is exactly the read of the object.
/// </summary>
internal sealed class LedgerEntry(LakeObjectInfo info, byte[] body)
{
    /// <summary>The object as listed when the entry was made.</summary>
    public LakeObjectInfo Info { get; } = info;

    /// <summary>The manifest's bytes.</summary>
    public byte[] Body { get; } = body;

    /// <summary>Whether <paramref name="listed"/> is the object this entry recorded: same key, size, ETag and LastModified.</summary>
    public bool Matches(LakeObjectInfo listed) =>
        listed.Key == Info.Key && listed.Size == Info.Size && listed.ETag == Info.ETag && listed.LastModified == Info.LastModified;
}
