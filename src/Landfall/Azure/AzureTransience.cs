using System.Net;
using Azure;

namespace Landfall.Azure;

/// <summary>What counts as transient for Azure Blob Storage, lake and source alike; how to back off is the one retry policy's business.</summary>
internal static class AzureTransience
{
    /// <summary>Whether retrying the same request later may succeed: throttling (503, 429), 500, 502, 504, timeouts, the network.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        RequestFailedException { Status: 0 } => true,
        RequestFailedException { Status: (int)HttpStatusCode.NotImplemented } => false,
        RequestFailedException r => r.Status >= 500 || r.Status is 408 or 429
            || r.ErrorCode is "ServerBusy" or "OperationTimedOut" or "InternalError",
        HttpRequestException or IOException or TimeoutException => true,
        // Azure.Core reports its network timeout as a cancellation the caller never asked for.
        TaskCanceledException t => IsNetworkTimeout(t),
        _ => false,
    };

    /// <summary>Whether a cancellation is Azure.Core's per-try network timeout (request_timeout) rather than the caller's.</summary>
    public static bool IsNetworkTimeout(Exception e) =>
        e is TaskCanceledException && (e.InnerException is TimeoutException
            || (e.Message ?? "").Contains("exceeded the configured timeout", StringComparison.Ordinal));

    /// <summary>
    /// Whether a 403 says the credentials themselves were refused (a wrong key or account, a malformed or expired SAS) rather than
    /// that valid credentials lack a permission. Azure says AuthenticationFailed; Azurite AuthorizationFailure with "failed to
    /// authenticate".
    /// </summary>
    public static bool IsAuthenticationFailure(RequestFailedException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Status == 403 && (e.ErrorCode is "AuthenticationFailed"
            || (e.Message ?? "").Contains("failed to authenticate", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// What a failed request says, for a message: status, error code and the first line of the service's message (never the rest:
    /// the SDK appends headers and content there, and a SAS in a header must not travel into a log).
    /// </summary>
    public static string Describe(Exception e)
    {
        if (e is RequestFailedException r)
        {
            var first = (r.Message ?? "").Split('\n', 2)[0].Trim();
            return r.Status == 0 ? Scrub(first) : $"{r.Status} {r.ErrorCode}: {Scrub(first)}";
        }
        return Scrub(e.Message);
    }

    /// <summary>Removes any SAS signature from text that may quote a URL.</summary>
    public static string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf("sig=", StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            var end = at + 4;
            while (end < text.Length && text[end] is not ('&' or ' ' or '\'' or '"' or '\n' or '\r'))
            {
                end++;
            }
            text = string.Concat(text.AsSpan(0, at + 4), "REDACTED", text.AsSpan(end));
            at = text.IndexOf("sig=", at + 4 + "REDACTED".Length, StringComparison.OrdinalIgnoreCase);
        }
        return text;
    }
}
