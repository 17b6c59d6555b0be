namespace Landfall.Sources.Azure;

/// <summary>A blob as the listing saw it.</summary>
/// <param name="Container">The source container.</param>
/// <param name="Name">The full blob name.</param>
/// <param name="RelativeName">The name after the rendered prefix: the name it gets under the entity's bronze prefix.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="LastModified">When the service says it was last written (whole seconds).</param>
/// <param name="ETag">The ETag without quotes (not a content hash on Azure).</param>
/// <param name="VersionId">The version the listing saw, on an account with blob versioning; null otherwise.</param>
/// <param name="ContentMd5">The blob's Content-MD5 in hex, when it has one (set by the writer, or by the service for a single put).</param>
internal sealed record AzureBlobObject(
    string Container, string Name, string RelativeName, long Size, DateTimeOffset LastModified, string ETag, string? VersionId, string? ContentMd5);
