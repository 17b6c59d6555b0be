namespace Landfall.Lake;

/// <summary>An object stored in a lake.</summary>
/// <param name="Key">The key relative to the lake's root.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="LastModified">When the lake says it was written (whole seconds on S3, sub-second on a local folder).</param>
/// <param name="ETag">The lake's entity tag without quotes, or null where the lake has none (local folder).</param>
public sealed record LakeObjectInfo(string Key, long Size, DateTimeOffset LastModified, string? ETag);
