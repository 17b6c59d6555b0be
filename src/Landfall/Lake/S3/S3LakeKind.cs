using Landfall.Config;
using Landfall.S3;

namespace Landfall.Lake.S3;

/// <summary>The <c>s3</c> lake kind: a bucket (and optional prefix) on AWS or an S3-compatible server.</summary>
public sealed class S3LakeKind : ILakeKind
{
    /// <inheritdoc />
    public string Kind => S3LakeSettings.KindName;

    /// <inheritdoc />
    public IReadOnlyList<string> Keys => S3LakeSettings.Keys;

    /// <inheritdoc />
    public LakeSettings Parse(ConfigNode node) => S3LakeSettings.Parse(node);

    /// <inheritdoc />
    public ILake Open(LakeSettings settings, LakeOpenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (settings is not S3LakeSettings s3)
        {
            throw new ArgumentException($"An {Kind} lake cannot open {settings?.Kind} settings.", nameof(settings));
        }
        try
        {
            return new S3Lake(s3, context.Logger, context.Time);
        }
        catch (Amazon.Runtime.AmazonClientException e)
        {
            // Settings the SDK cannot use (an unknown region, a malformed endpoint): the config's problem, said as the lake's.
            throw new LakeException($"The S3 lake settings cannot be used: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<Type> SettingsTypes => [typeof(S3ConnectionSettings), typeof(S3LakeSettings)];

    /// <inheritdoc />
    public string? StarterConfig => """
        kind: s3
        bucket: my-lake
        region: eu-west-1
        """;
}
