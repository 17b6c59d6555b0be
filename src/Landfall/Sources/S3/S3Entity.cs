using Landfall.Config;

namespace Landfall.Sources.S3;

/// <summary>One entity of an s3 source: the objects of <see cref="Bucket"/> under the rendered <see cref="Prefix"/> matching the glob.</summary>
/// <remarks>The glob matches an object's name: the part of the key after the last '/'.</remarks>
internal sealed class S3Entity : FileEntity
{
    /// <summary>The entity keys of the s3 kind.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["bucket", "prefix", .. SelectionKeys];

    /// <summary>The source bucket.</summary>
    public required string Bucket { get; init; }

    /// <summary>The key prefix, with date tokens (<c>exports/{date:yyyy/MM/dd}/</c>); may be empty.</summary>
    public required DateTemplate Prefix { get; init; }

    /// <summary>An entity from its node.</summary>
    public static S3Entity Parse(string name, ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var bucketNode = node.Required("bucket");
        var bucket = bucketNode.AsString();
        if (bucket.Length is < 3 or > 63 || bucket.Contains('/') || bucket.Any(char.IsWhiteSpace))
        {
            throw bucketNode.Error($"'{bucket}' is not a bucket name (3 to 63 characters, no '/' or spaces)");
        }
        var prefixNode = node.Child("prefix");
        var prefix = prefixNode?.AsDateTemplate() ?? DateTemplate.Parse("");
        if (prefix.Text.StartsWith('/'))
        {
            throw prefixNode!.Error("an S3 key prefix does not start with '/'");
        }
        (prefixNode ?? node).WarnWithoutDateToken(prefix, "prefix");
        var (glob, recursive, allowEmpty, format) = ParseSelection(node);
        return new S3Entity { Name = name, Bucket = bucket, Prefix = prefix, Glob = glob, Recursive = recursive, AllowEmpty = allowEmpty, Format = format };
    }
}
