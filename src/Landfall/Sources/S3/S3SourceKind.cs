using System.Globalization;
using Landfall.Config;

namespace Landfall.Sources.S3;

/// <summary>The <c>s3</c> kind: objects of a bucket on AWS or an S3-compatible server.</summary>
public sealed class S3SourceKind : ISourceKind
{
    /// <inheritdoc />
    public string Kind => "s3";

    /// <inheritdoc />
    public IReadOnlyList<string> SourceKeys { get; } =
    [
        "endpoint", "region", "force_path_style", "access_key_id", "secret_access_key", "session_token", "profile",
        "max_parallel_copies", "quiet_period", "max_attempts", "server_side_copy", "multipart_copy_threshold_mib", "copy_part_size_mib",
        "copy_part_concurrency",
    ];

    /// <inheritdoc />
    public ISource Create(string name, DateOnly startDate, ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var settings = ParseSettings(node);
        var entities = new List<S3Entity>();
        foreach (var e in node.Required("entities").Items())
        {
            e.OnlyKeys("name", "bucket", "prefix", "glob", "recursive", "allow_empty");
            var entityName = e.Required("name").AsName();
            if (entities.Any(x => x.Name == entityName))
            {
                throw e.Required("name").Error($"entity '{entityName}' is defined twice");
            }
            var bucketNode = e.Required("bucket");
            var bucket = bucketNode.AsString();
            if (bucket.Length is < 3 or > 63 || bucket.Contains('/') || bucket.Any(char.IsWhiteSpace))
            {
                throw bucketNode.Error($"'{bucket}' is not a bucket name (3 to 63 characters, no '/' or spaces)");
            }
            var prefixNode = e.Child("prefix");
            DateTemplate prefix;
            try
            {
                prefix = DateTemplate.Parse(prefixNode?.AsString() ?? "");
            }
            catch (FormatException ex)
            {
                throw prefixNode!.Error($"bad template: {ex.Message}");
            }
            if (prefix.Text.StartsWith('/'))
            {
                throw prefixNode!.Error("an S3 key prefix does not start with '/'");
            }
            var glob = e.GlobOrAll("glob");
            entities.Add(new S3Entity
            {
                Name = entityName,
                Bucket = bucket,
                Prefix = prefix,
                Glob = glob,
                Recursive = e.Bool("recursive", false),
                AllowEmpty = e.Bool("allow_empty", false),
            });
        }
        if (entities.Count == 0)
        {
            throw node.Required("entities").Error("must list at least one entity");
        }
        return new S3Source(name, startDate, settings, entities);
    }

    private static S3SourceSettings ParseSettings(ConfigNode node)
    {
        var endpoint = node.OptionalString("endpoint");
        if (endpoint is not null && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw node.Required("endpoint").Error($"'{endpoint}' is not an absolute http(s) URL such as http://127.0.0.1:9010");
        }
        var accessKey = node.OptionalString("access_key_id");
        var secret = node.OptionalString("secret_access_key");
        if ((accessKey is null) != (secret is null))
        {
            throw node.Error("access_key_id and secret_access_key go together: give both, or neither to use a profile or the AWS credential chain");
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
        var threshold = node.Number("multipart_copy_threshold_mib", S3SourceSettings.CopyObjectLimitMiB, 5, 5 * 1024 * 1024);
        var partSize = node.Number("copy_part_size_mib", 512, 5, 5120);
        return new S3SourceSettings
        {
            Endpoint = endpoint,
            Region = node.OptionalString("region") ?? "us-east-1",
            ForcePathStyle = node.Child("force_path_style") is null ? null : node.Bool("force_path_style", false),
            AccessKeyId = accessKey,
            SecretAccessKey = secret,
            SessionToken = sessionToken,
            Profile = profile,
            MaxParallelCopies = node.Number("max_parallel_copies", 16, 1, 256),
            QuietPeriod = node.Child("quiet_period") is { } quiet ? ParseDuration(quiet) : TimeSpan.Zero,
            MaxAttempts = node.Number("max_attempts", 5, 1, 20),
            ServerSideCopy = node.Bool("server_side_copy", true),
            MultipartCopyThresholdMiB = threshold,
            CopyPartSizeMiB = partSize,
            CopyPartConcurrency = node.Number("copy_part_concurrency", 4, 1, 64),
        };
    }

    private const long MaxDurationSeconds = 3650L * 86400;

    /// <summary>A duration written as a whole number and a unit: <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>1d</c>, or <c>0</c>.</summary>
    internal static TimeSpan ParseDuration(ConfigNode node)
    {
        var text = node.AsString().Trim();
        if (text == "0")
        {
            return TimeSpan.Zero;
        }
        if (text.Length >= 2 && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n <= MaxDurationSeconds)
        {
            long? unit = text[^1] switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => null };
            if (unit is { } u)
            {
                var seconds = n * u;
                if (seconds > MaxDurationSeconds)
                {
                    throw node.Error($"'{text}' is longer than ten years");
                }
                return TimeSpan.FromSeconds(seconds);
            }
        }
        throw node.Error($"'{text}' is not a duration (a whole number with s, m, h or d, such as 15m; or 0)");
    }
}
