namespace Landfall.Lake;

/// <summary>
/// The storage a run lands in: an S3 bucket or a local folder. Deliberately has no delete and no overwrite:
/// every key Landfall writes is new (run-namespaced), and manifests are append-only by construction.
/// </summary>
public interface ILake
{
    /// <summary>A human description of where this lake is (no secrets), for messages and logs.</summary>
    string Description { get; }

    /// <summary>
    /// Where a reader outside Landfall finds the object <paramref name="key"/>: <c>s3://bucket/prefix/key</c> or an absolute path.
    /// The default is the key itself, for a lake that has no such address.
    /// </summary>
    string UriOf(string key) => key;

    /// <summary>
    /// Stores <paramref name="content"/> under <paramref name="key"/>, streaming it; memory stays bounded whatever the size.
    /// Never overwrites: a key that already exists fails with <see cref="LakeKeyExistsException"/> where the lake can tell.
    /// </summary>
    /// <returns>What was stored: size as counted while streaming, and the lake's own ETag where it has one.</returns>
    /// <remarks>The object is durable when this returns (<see cref="LakeDurability.Immediate"/>).</remarks>
    Task<LakeObjectInfo> PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="PutAsync(string, Stream, string, CancellationToken)"/>, with <paramref name="durability"/> saying whether the object
    /// must be durable when the put returns or may wait for the next <see cref="FlushAsync"/>. A lake that cannot defer makes it
    /// durable at once, which honours both (the default implementation; S3 is durable once a PUT succeeds).
    /// </summary>
    Task<LakeObjectInfo> PutAsync(string key, Stream content, string contentType, LakeDurability durability, CancellationToken cancellationToken) =>
        PutAsync(key, content, contentType, cancellationToken);

    /// <summary>
    /// The durability barrier: when this returns, every object whose put (of any durability) returned before this call began is
    /// durable, directory entries included. The runner calls it after extraction and before writing any manifest, so a manifest
    /// never names an object that a crash could still take away. A failure throws, and the objects stay pending for the next call.
    /// The default does nothing: right for a lake that never defers. A wrapper that forwards deferred puts must forward this too.
    /// </summary>
    Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Opens an object for reading. Throws <see cref="LakeObjectNotFoundException"/> when it does not exist.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Reads a whole small object (a manifest, a claim) into memory, holding never more than <paramref name="maxBytes"/>: a larger
    /// object fails with <see cref="LakeObjectTooLargeException"/>. A lake on the network reads it as one retried attempt, so a read that
    /// breaks midway is read again. The default opens the object and reads it bounded.
    /// </summary>
    async Task<byte[]> ReadAllAsync(string key, long maxBytes, CancellationToken cancellationToken)
    {
        var stream = await OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await LakeExtensions.ReadBoundedAsync(stream, key, maxBytes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Size, modification time and ETag of an object, or null when it does not exist.</summary>
    Task<LakeObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the keys that start with <paramref name="prefix"/>, in ordinal key order, as S3's ListObjectsV2:
    /// with a <paramref name="delimiter"/>, keys holding it after the prefix are rolled up into common prefixes.
    /// </summary>
    Task<LakeListPage> ListPageAsync(string prefix, string? delimiter, string? continuationToken, CancellationToken cancellationToken);
}
