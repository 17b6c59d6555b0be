using Landfall.Sources.S3;

// In the builder's namespace, as registration extensions are in .NET (see LocalLakeBuilderExtensions).
namespace Landfall.Hosting;

/// <summary>Registers the <c>s3</c> source kind.</summary>
public static class S3SourceBuilderExtensions
{
    /// <summary>Lets a config name <c>kind: s3</c> sources: objects under a prefix of an S3 bucket.</summary>
    public static LandfallHostBuilder AddS3Source(this LandfallHostBuilder builder) =>
        (builder ?? throw new ArgumentNullException(nameof(builder))).AddSourceKind(new S3SourceKind());
}
