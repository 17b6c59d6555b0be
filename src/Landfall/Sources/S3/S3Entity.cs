using Landfall.Config;

namespace Landfall.Sources.S3;

/// <summary>One entity of an s3 source: the objects of <see cref="Bucket"/> under the rendered <see cref="Prefix"/> matching <see cref="Glob"/>.</summary>
public sealed class S3Entity
{
    /// <summary>Entity name.</summary>
    public required string Name { get; init; }

    /// <summary>The source bucket.</summary>
    public required string Bucket { get; init; }

    /// <summary>The key prefix, with date tokens (<c>exports/{date:yyyy/MM/dd}/</c>); may be empty.</summary>
    public required DateTemplate Prefix { get; init; }

    /// <summary>Glob over the object's name (the part of the key after the last '/'); default <c>*</c>.</summary>
    public required Glob Glob { get; init; }

    /// <summary>Whether keys in "sub-folders" below the prefix are included (default false).</summary>
    public bool Recursive { get; init; }

    /// <summary>Whether a date with no matching object is a success with zero objects (default false: fails with no_files_yet).</summary>
    public bool AllowEmpty { get; init; }
}
