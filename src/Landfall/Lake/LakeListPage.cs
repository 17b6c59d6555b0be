namespace Landfall.Lake;

/// <summary>One page of a lake listing.</summary>
/// <param name="Objects">Objects directly matching the listing, in ordinal key order.</param>
/// <param name="CommonPrefixes">Rolled-up prefixes ending with the delimiter, in ordinal order.</param>
/// <param name="NextContinuationToken">Token for the next page, or null when this was the last page.</param>
public sealed record LakeListPage(
    IReadOnlyList<LakeObjectInfo> Objects,
    IReadOnlyList<string> CommonPrefixes,
    string? NextContinuationToken);
