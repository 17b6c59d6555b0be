using System.Net;
using Amazon.Runtime;
using Amazon.S3;

namespace Landfall.S3;

/// <summary>What counts as transient for S3, lake and source alike; how to back off is the one retry policy's business.</summary>
internal static class S3Transience
{
    /// <summary>Whether retrying the same request later may succeed: throttling, 5xx except 501, network.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        // 501 Not Implemented is the server saying it will never do this.
        AmazonS3Exception { StatusCode: HttpStatusCode.NotImplemented } => false,
        AmazonS3Exception s3 => (int)s3.StatusCode >= 500 || s3.StatusCode == HttpStatusCode.TooManyRequests
            || s3.ErrorCode is "SlowDown" or "RequestTimeout" or "Throttling" or "RequestTimeTooSkewed" or "InternalError",
        AmazonServiceException { StatusCode: var status } => (int)status >= 500 || status == HttpStatusCode.TooManyRequests || status == 0,
        HttpRequestException or IOException or TimeoutException => true,
        AmazonClientException => true,
        _ => false,
    };
}
