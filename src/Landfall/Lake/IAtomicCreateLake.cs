namespace Landfall.Lake;

/// <summary>
/// A lake whose store itself creates an object only if its key is absent, atomically, whatever the number of concurrent writers
/// (Azure Blob Storage's <c>If-None-Match: *</c>; AWS S3's since 2024). Where a lake has this capability, the claim protocol decides
/// a (source, date) by one such create of a well-known key instead of the bakery algorithm (docs/concurrency.md). A lake must not
/// claim it when the store only checks existence before writing.
/// </summary>
public interface IAtomicCreateLake : ILake
{
    /// <summary>
    /// Stores <paramref name="content"/> under <paramref name="key"/> if, and only if, no object has that key: of any number of
    /// concurrent calls for one key, exactly one succeeds. The object is durable when this returns.
    /// </summary>
    /// <returns>What was stored, or null when the key already existed (nothing was written).</returns>
    Task<LakeObjectInfo?> TryCreateAsync(string key, Stream content, string contentType, CancellationToken cancellationToken);
}
