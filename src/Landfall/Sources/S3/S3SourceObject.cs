namespace Landfall.Sources.S3;

/// <summary>An object as the listing saw it.</summary>
/// <param name="Bucket">The source bucket.</param>
/// <param name="Key">The full source key.</param>
/// <param name="RelativeName">The key after the rendered prefix: the name it gets under the entity's bronze prefix.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="LastModified">When S3 says it was last written.</param>
/// <param name="ETag">The ETag without quotes.</param>
/// <param name="HasChecksums">Whether the listing says the object carries additional checksums (x-amz-checksum-*) to fetch with HEAD.</param>
/// <param name="VersionId">
/// The version the listing saw, on a bucket with versioning (listed with ListObjectVersions); null on an unversioned bucket and for
/// objects written while versioning was suspended (S3's "null" version). Copies and GETs name it, so a later overwrite cannot change
/// what lands.
/// </param>
internal sealed record S3SourceObject(
    string Bucket, string Key, string RelativeName, long Size, DateTimeOffset LastModified, string ETag, bool HasChecksums = false,
    string? VersionId = null)
{
    /// <summary>What the ETag is: a plain MD5 of the bytes or a multipart ETag (md5-of-part-md5s-N).</summary>
    public ETagInfo ETagInfo { get; } = ETagInfo.Parse(ETag);

    /// <summary>
    /// The ETag the listing gave, when the server answers HEAD for the same unchanged object with another one (then <see cref="ETag"/>
    /// is HEAD's, the one its conditions accept); null otherwise.
    /// </summary>
    public string? ListedETag { get; init; }
}
