using Landfall.Lake.S3;

// In the builder's namespace, as registration extensions are in .NET (see LocalLakeBuilderExtensions).
namespace Landfall.Hosting;

/// <summary>Registers the <c>s3</c> lake kind.</summary>
public static class S3LakeBuilderExtensions
{
    /// <summary>Lets a config name <c>lake: kind: s3</c> (a bucket on AWS or an S3-compatible server).</summary>
    public static LandfallHostBuilder AddS3Lake(this LandfallHostBuilder builder) =>
        (builder ?? throw new ArgumentNullException(nameof(builder))).AddLakeKind(new S3LakeKind());
}
