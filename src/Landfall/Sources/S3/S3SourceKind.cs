using Landfall.Config;

namespace Landfall.Sources.S3;

/// <summary>The <c>s3</c> kind: objects of a bucket on AWS or an S3-compatible server.</summary>
public sealed class S3SourceKind : ISourceKind
{
    /// <inheritdoc />
    public string Kind => "s3";

    /// <inheritdoc />
    public IReadOnlyList<string> SourceKeys => S3SourceSettings.Keys;

    /// <inheritdoc />
    public ISource Create(string name, DateOnly startDate, ConfigNode node) =>
        new S3Source(name, startDate, S3SourceSettings.Parse(node), SourceEntities.Parse(node, S3Entity.Keys, S3Entity.Parse));
}
