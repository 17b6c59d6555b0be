using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;

namespace Landfall.S3;

/// <summary>One way to build an S3 client and read its times, for the S3 lake and the S3 source alike.</summary>
internal static class S3Clients
{
    /// <summary>
    /// A client for an endpoint (path-style by default there) or an AWS region, with explicit keys, a named profile, or the
    /// default AWS chain. Retries are off in the SDK (MaxErrorRetry 0): the one retry policy does them, so that each attempt is logged and bounded.
    /// <paramref name="profileMissing"/> makes the caller's own error for a profile that is not in the shared config files.
    /// </summary>
    public static AmazonS3Client Create(S3ConnectionSettings settings, Func<string, Exception> profileMissing)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (endpoint, region) = (settings.Endpoint, settings.Region);
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.ForcePathStyle ?? endpoint is not null,
            MaxErrorRetry = 0,
            // Nor does it silently retry a reset pooled connection: every retry goes through the one policy and is logged.
            MaxStaleConnectionRetries = 0,
            // The SDK's own deadlines are effectively infinite for async calls: a connect deadline here, and per attempt the
            // request and stall deadlines of S3Deadlines.
            ConnectTimeout = settings.ConnectTimeout,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        AWSCredentials? credentials = null;
        if (settings.AccessKeyId is not null)
        {
            credentials = settings.SessionToken is null
                ? new BasicAWSCredentials(settings.AccessKeyId, settings.SecretAccessKey)
                : new SessionAWSCredentials(settings.AccessKeyId, settings.SecretAccessKey, settings.SessionToken);
        }
        else if (settings.Profile is not null && !new CredentialProfileStoreChain().TryGetAWSCredentials(settings.Profile, out credentials))
        {
            throw profileMissing(settings.Profile);
        }
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    /// <summary>An SDK time as a UTC instant (the SDK hands back Unspecified or Local kinds); MinValue when absent.</summary>
    public static DateTimeOffset ToInstant(DateTime? value) =>
        value is { } v ? new DateTimeOffset(v.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : v.ToUniversalTime())
            : DateTimeOffset.MinValue;
}
