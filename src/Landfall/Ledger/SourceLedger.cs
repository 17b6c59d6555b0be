using Landfall.Lake;

namespace Landfall.Ledger;

/// <summary>
/// One source's manifests as listed, grouped by business date, with the source's newest ledger index when one was loaded: the
/// value every read-side read of the source goes through (<see cref="LedgerReader"/>). The caller owns it: the index lives as long
/// as the caller keeps this value, and no store keeps it behind the caller's back.
/// </summary>
/// <param name="Source">The source.</param>
/// <param name="Dates">Its manifest objects by business date, dates in order.</param>
/// <param name="Index">Its newest valid ledger index, or null (none, not loaded, or not readable).</param>
internal sealed record SourceLedger(string Source, SortedDictionary<DateOnly, IReadOnlyList<LakeObjectInfo>> Dates, LedgerIndex? Index)
{
    /// <summary>Every manifest object listed, date by date.</summary>
    public IEnumerable<LakeObjectInfo> Objects => Dates.Values.SelectMany(o => o);

    /// <summary>The dates from <paramref name="from"/> to <paramref name="to"/> (both optional, both included) with their objects.</summary>
    public IEnumerable<KeyValuePair<DateOnly, IReadOnlyList<LakeObjectInfo>>> Between(DateOnly? from, DateOnly? to) =>
        Dates.Where(kv => (from is not { } first || kv.Key >= first) && (to is not { } last || kv.Key <= last));

    /// <summary>The bytes the index recorded for <paramref name="listed"/>, when it covers that very object; null otherwise.</summary>
    public byte[]? Known(LakeObjectInfo listed) => Index is { } index && index.TryGet(listed, out var body) ? body : null;
}
