using Landfall.Config;

namespace Landfall.S3;

/// <summary>
/// How to reach S3 (AWS or an S3-compatible server) and with which credentials: the keys an S3 lake and an <c>s3</c> source share,
/// parsed and validated once.
/// </summary>
public sealed record S3ConnectionSettings
{
    /// <summary>Attempts per S3 call, first included, for transient failures.</summary>
    public static readonly IntSetting MaxAttemptsSetting = new("max_attempts", 5, 1, 20);

    /// <summary>How long opening a TCP (and TLS) connection to S3 may take.</summary>
    public static readonly DurationSetting ConnectTimeoutSetting =
        new("connect_timeout", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));

    /// <summary>How long a small request (a HEAD, a listing page, a manifest or claim, the headers of a GET) may wait for its answer.</summary>
    public static readonly DurationSetting RequestTimeoutSetting =
        new("request_timeout", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));

    /// <summary>How long a transfer (a body read, a part upload) may go without moving a byte before it counts as stalled.</summary>
    public static readonly DurationSetting StallTimeoutSetting =
        new("stall_timeout", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));

    /// <summary>The default region.</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary>The config keys these settings read.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["endpoint", "region", "force_path_style", "access_key_id", "secret_access_key", "session_token", "profile", MaxAttemptsSetting.Key,
        ConnectTimeoutSetting.Key, RequestTimeoutSetting.Key, StallTimeoutSetting.Key];

    /// <summary>Endpoint override for S3-compatible servers (http://127.0.0.1:9010); null for AWS.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Region (default us-east-1); with an endpoint, the region requests are signed for.</summary>
    public string Region { get; init; } = DefaultRegion;

    /// <summary>Path-style addressing (default true with an endpoint override, false otherwise).</summary>
    public bool? ForcePathStyle { get; init; }

    /// <summary>Access key id; null for a profile or the standard AWS credential chain.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>Secret access key; never logged.</summary>
    public string? SecretAccessKey { get; init; }

    /// <summary>Session token for temporary credentials; never logged.</summary>
    public string? SessionToken { get; init; }

    /// <summary>A named profile from the AWS shared config files.</summary>
    public string? Profile { get; init; }

    /// <summary>Attempts for a transient failure (throttling, 5xx, network) before it fails (default 5; 1 = no retry).</summary>
    public int MaxAttempts { get; init; } = MaxAttemptsSetting.Default;

    /// <summary>How long a connection may take to open (default 10s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = ConnectTimeoutSetting.DefaultValue;

    /// <summary>How long a small request may wait for its answer, per attempt (default 30s).</summary>
    public TimeSpan RequestTimeout { get; init; } = RequestTimeoutSetting.DefaultValue;

    /// <summary>How long a transfer may move no byte before the attempt is dropped as stalled (default 30s).</summary>
    public TimeSpan StallTimeout { get; init; } = StallTimeoutSetting.DefaultValue;

    /// <summary>Where S3 is, for messages: the endpoint, or the AWS region. Never a secret.</summary>
    public string Where => Endpoint ?? $"AWS {Region}";

    /// <summary>Reads and validates the connection keys of <paramref name="node"/> (the other keys are the caller's).</summary>
    public static S3ConnectionSettings Parse(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var endpoint = node.OptionalString("endpoint");
        if (endpoint is not null && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw node.Required("endpoint").Error($"'{endpoint}' is not an absolute http(s) URL such as http://127.0.0.1:9010");
        }
        var accessKey = node.OptionalString("access_key_id");
        var secret = node.OptionalString("secret_access_key");
        if ((accessKey is null) != (secret is null))
        {
            throw node.Required(accessKey is null ? "secret_access_key" : "access_key_id").Error(
                "access_key_id and secret_access_key go together: give both, or neither to use a profile or the AWS credential chain");
        }
        var profile = node.OptionalString("profile");
        if (profile is not null && accessKey is not null)
        {
            throw node.Required("profile").Error("give either profile or access_key_id/secret_access_key, not both");
        }
        var sessionToken = node.OptionalString("session_token");
        if (sessionToken is not null && accessKey is null)
        {
            throw node.Required("session_token").Error("a session_token needs access_key_id and secret_access_key");
        }
        return new S3ConnectionSettings
        {
            Endpoint = endpoint,
            Region = node.OptionalString("region") ?? DefaultRegion,
            ForcePathStyle = node.Child("force_path_style") is null ? null : node.Bool("force_path_style", false),
            AccessKeyId = accessKey,
            SecretAccessKey = secret,
            SessionToken = sessionToken,
            Profile = profile,
            MaxAttempts = node.Get(MaxAttemptsSetting),
            ConnectTimeout = node.Get(ConnectTimeoutSetting),
            RequestTimeout = node.Get(RequestTimeoutSetting),
            StallTimeout = node.Get(StallTimeoutSetting),
        };
    }

    /// <summary>Same endpoint (or AWS region) and same credentials: a client of one can read what the other can.</summary>
    public bool SameAccountAs(S3ConnectionSettings other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(NormalizeEndpoint(Endpoint), NormalizeEndpoint(other.Endpoint), StringComparison.Ordinal)
            && (Endpoint is not null || Region == other.Region)
            && AccessKeyId == other.AccessKeyId && SecretAccessKey == other.SecretAccessKey && SessionToken == other.SessionToken
            && Profile == other.Profile;
    }

    private static string? NormalizeEndpoint(string? endpoint) =>
        endpoint is null ? null
        : Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}{uri.AbsolutePath.TrimEnd('/')}".ToLowerInvariant()
        : endpoint;

    /// <summary>The settings without secrets, for records and logs.</summary>
    public override string ToString() => $"S3 at {Where}";
}
