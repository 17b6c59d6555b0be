namespace Landfall.Ledger;

/// <summary>What indexing one source did.</summary>
/// <param name="Source">The source.</param>
/// <param name="Status"><c>written</c> (a new index object), <c>up_to_date</c> (the newest index already covers every manifest) or
/// <c>below_threshold</c> (after a run: too few manifests not yet covered to be worth a new index).</param>
/// <param name="Key">The new index object's key, when one was written.</param>
/// <param name="Manifests">Manifest objects listed for the source.</param>
/// <param name="Covered">How many of them the newest index now covers.</param>
/// <param name="Reused">Entries taken over from the previous index (their fingerprint still matches the listing).</param>
/// <param name="Read">Manifests read from the lake to make the new index.</param>
public sealed record IndexResult(string Source, IndexStatus Status, string? Key, int Manifests, int Covered, int Reused, int Read);
