using Landfall.Config;
using Landfall.S3;
using Landfall.Sources.Readiness;

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

    /// <inheritdoc />
    public IReadOnlyList<Type> SettingsTypes => [typeof(ReadinessSettings), typeof(S3ConnectionSettings), typeof(S3SourceSettings)];

    /// <inheritdoc />
    public string? StarterConfig => """
        # Objects under an S3 prefix (AWS or S3-compatible); copied server-side when the lake is on the same endpoint.
        - name: partner
          kind: s3
          start_date: 2026-01-01
          region: eu-west-1
          # endpoint: http://127.0.0.1:9010       # an S3-compatible server
          # access_key_id: ${PARTNER_S3_KEY}       # default: the AWS credential chain (env, profile, instance role)
          # secret_access_key: ${PARTNER_S3_SECRET}
          quiet_period: 15m                        # objects modified within this before the run hold the date back
          entities:
            - name: exports
              bucket: partner-exports
              prefix: "daily/{date:yyyy/MM/dd}/"
              glob: "*.csv"
        """;
}
