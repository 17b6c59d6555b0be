using Landfall.Sources;
using Landfall.Sources.Files;
using Landfall.Sources.S3;
using Landfall.Sources.Sftp;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Landfall.Config;

/// <summary>Reads and validates landfall.yaml; every error is a <see cref="ConfigException"/> naming file, line and key.</summary>
public static class ConfigLoader
{
    /// <summary>The source kinds this build knows.</summary>
    public static IReadOnlyList<ISourceKind> Kinds { get; } =
        [new FilesSourceKind(), new S3SourceKind(), new Sources.Postgres.PostgresSourceKind(), new SftpSourceKind()];

    /// <summary>Loads <paramref name="path"/>.</summary>
    public static LandfallConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, 0, "", $"cannot read the config file: {e.Message}", e);
        }
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Parse(text, path, baseDirectory);
    }

    /// <summary>Parses config text; <paramref name="file"/> is the name used in messages.</summary>
    public static LandfallConfig Parse(string text, string file, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tab = FindTab(text);
        if (tab > 0)
        {
            throw new ConfigException(file, tab, "", "a tab is used for indentation; YAML needs spaces");
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigException(file, e.Start.Line, "", $"not valid YAML: {Inner(e)}", e);
        }
        if (stream.Documents.Count == 0)
        {
            throw new ConfigException(file, 0, "", "the config file is empty");
        }
        var root = new ConfigNode(stream.Documents[0].RootNode, file, "", baseDirectory);
        root.OnlyKeys("env", "lake", "schedule", "sources");

        var sources = new List<ISource>();
        var sourcesNode = root.Required("sources");
        foreach (var s in sourcesNode.Items())
        {
            var source = ParseSource(s);
            if (sources.Any(x => x.Name == source.Name))
            {
                throw s.Required("name").Error($"source '{source.Name}' is defined twice");
            }
            sources.Add(source);
        }
        if (sources.Count == 0)
        {
            throw sourcesNode.Error("must list at least one source");
        }
        return new LandfallConfig
        {
            FilePath = file,
            Env = root.Child("env")?.AsName() ?? "dev",
            Lake = ParseLake(root.Child("lake"), baseDirectory),
            Schedule = ParseSchedule(root.Child("schedule")),
            Sources = sources,
        };
    }

    private static ISource ParseSource(ConfigNode node)
    {
        var kindNode = node.Required("kind");
        var kindName = kindNode.AsString();
        var kind = Kinds.FirstOrDefault(k => k.Kind == kindName)
            ?? throw kindNode.Error($"unknown kind '{kindName}'; expected one of: {string.Join(", ", Kinds.Select(k => k.Kind))}");
        node.OnlyKeys(["name", "kind", "start_date", "entities", .. kind.SourceKeys]);
        var name = node.Required("name").AsName();
        var startDate = node.Required("start_date").AsDate();
        return kind.Create(name, startDate, node);
    }

    private static LakeSettings ParseLake(ConfigNode? node, string baseDirectory)
    {
        if (node is null)
        {
            return new LocalLakeSettings { Path = Path.GetFullPath(Path.Combine(baseDirectory, "lake")) };
        }
        var kindNode = node.Required("kind");
        switch (kindNode.AsString())
        {
            case "local":
                node.OnlyKeys("kind", "path");
                return new LocalLakeSettings { Path = node.Required("path").AsPath() };
            case "s3":
                node.OnlyKeys("kind", "bucket", "prefix", "endpoint", "region", "force_path_style", "access_key_id", "secret_access_key",
                    "session_token", "profile", "kms_key_id", "max_attempts", "part_size_mib");
                var prefix = node.OptionalString("prefix")?.Trim('/') ?? "";
                if (prefix.Length > 0)
                {
                    try
                    {
                        Lake.LakeKey.Validate(prefix);
                    }
                    catch (ArgumentException e)
                    {
                        throw node.Required("prefix").Error(e.Message);
                    }
                }
                var endpoint = node.OptionalString("endpoint");
                if (endpoint is not null && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
                {
                    throw node.Required("endpoint").Error($"'{endpoint}' is not an absolute URL such as http://127.0.0.1:9010");
                }
                var accessKey = node.OptionalString("access_key_id");
                var secret = node.OptionalString("secret_access_key");
                if ((accessKey is null) != (secret is null))
                {
                    var given = node.Child(accessKey is null ? "secret_access_key" : "access_key_id")!;
                    throw given.Error("access_key_id and secret_access_key go together: give both, or neither to use the AWS credential chain");
                }
                return new S3LakeSettings
                {
                    Bucket = node.Text("bucket"),
                    Prefix = prefix,
                    Endpoint = endpoint,
                    Region = node.OptionalString("region") ?? "us-east-1",
                    ForcePathStyle = node.Child("force_path_style") is null ? null : node.Bool("force_path_style", false),
                    AccessKeyId = accessKey,
                    SecretAccessKey = secret,
                    SessionToken = node.OptionalString("session_token"),
                    Profile = node.OptionalString("profile"),
                    KmsKeyId = node.OptionalString("kms_key_id"),
                    MaxAttempts = node.Number("max_attempts", 5, 1, 20),
                    PartSizeMiB = node.Number("part_size_mib", 16, 5, 512),
                };
            case var other:
                throw kindNode.Error($"unknown lake kind '{other}'; expected local or s3");
        }
    }

    private static ScheduleSettings ParseSchedule(ConfigNode? node)
    {
        if (node is null)
        {
            return new ScheduleSettings();
        }
        node.OnlyKeys("timezone", "lag_days", "max_parallel_sources", "claim_ttl_minutes", "claim_wait_seconds");
        var tz = TimeZoneInfo.Utc;
        if (node.Child("timezone") is { } tzNode)
        {
            var id = tzNode.AsString();
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out tz))
            {
                throw tzNode.Error($"unknown time zone '{id}' (use an IANA name such as UTC or Europe/Paris)");
            }
        }
        return new ScheduleSettings
        {
            TimeZone = tz,
            LagDays = node.Number("lag_days", 1, 0, 3650),
            MaxParallelSources = node.Number("max_parallel_sources", 4, 1, 64),
            Claims = new Claims.ClaimOptions
            {
                Ttl = TimeSpan.FromMinutes(node.Number("claim_ttl_minutes", 120, 1, 10080)),
                ChoosingTimeout = TimeSpan.FromSeconds(node.Number("claim_wait_seconds", 30, 1, 3600)),
            },
        };
    }

    private static long FindTab(string text)
    {
        var line = 1;
        var atLineStart = true;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
                atLineStart = true;
            }
            else if (atLineStart && c == '\t')
            {
                return line;
            }
            else if (c != ' ')
            {
                atLineStart = false;
            }
        }
        return 0;
    }

    private static string Inner(YamlException e) => (e.InnerException as YamlException)?.Message ?? e.Message;
}
