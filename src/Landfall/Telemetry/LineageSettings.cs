using Landfall.Config;

namespace Landfall.Telemetry;

/// <summary>
/// The <c>telemetry.lineage:</c> section: where OpenLineage run events go (an HTTP endpoint such as Marquez's
/// <c>/api/v1/lineage</c>, a JSON-lines file, or stdout) and how their job is named.
/// </summary>
public sealed class LineageSettings
{
    /// <summary>The section's key.</summary>
    public const string Key = "lineage";

    /// <summary>The <c>timeout</c> setting: how long one HTTP attempt may take.</summary>
    public static readonly DurationSetting TimeoutSetting = new("timeout", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(2));

    /// <summary>The <c>retries</c> setting: HTTP attempts after the first.</summary>
    public static readonly IntSetting RetriesSetting = new("retries", 2, 0, 10);

    /// <summary>The environment variable read for the API key when <c>api_key_env</c> is not set (as the OpenLineage clients do).</summary>
    public const string DefaultApiKeyVariable = "OPENLINEAGE_API_KEY";

    /// <summary>The transports.</summary>
    public static IReadOnlyList<string> Transports { get; } = ["http", "file", "stdout"];

    /// <summary>The config keys of the section.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["transport", "url", "api_key_env", "path", "namespace", "job_name", TimeoutSetting.Key, RetriesSetting.Key];

    /// <summary><c>http</c>, <c>file</c> or <c>stdout</c>.</summary>
    public required string Transport { get; init; }

    /// <summary>For http: the URL events are POSTed to.</summary>
    public Uri? Url { get; init; }

    /// <summary>For http: the environment variable holding the API key sent as a bearer token (default OPENLINEAGE_API_KEY).</summary>
    public string ApiKeyVariable { get; init; } = DefaultApiKeyVariable;

    /// <summary>For file: the JSON-lines file events are appended to.</summary>
    public string? Path { get; init; }

    /// <summary>The job namespace; null: <c>OPENLINEAGE_NAMESPACE</c>, else <c>landfall-ENV</c>.</summary>
    public string? Namespace { get; init; }

    /// <summary>The job name, where <c>{source}</c> stands for the source's name (default <c>{source}</c>).</summary>
    public string JobName { get; init; } = "{source}";

    /// <summary>How long one HTTP attempt may take (default 5s).</summary>
    public TimeSpan Timeout { get; init; } = TimeoutSetting.DefaultValue;

    /// <summary>HTTP attempts after the first (default 2).</summary>
    public int Retries { get; init; } = RetriesSetting.Default;

    /// <summary>Reads and validates a <c>lineage:</c> section; null when it is absent.</summary>
    public static LineageSettings? Parse(ConfigNode? node)
    {
        if (node is null)
        {
            return null;
        }
        node.OnlyKeys([.. Keys]);
        var transportNode = node.Required("transport");
        var transport = transportNode.AsString();
        if (!Transports.Contains(transport))
        {
            throw transportNode.Error($"'{transport}' is not a lineage transport; expected {string.Join(", ", Transports)}");
        }
        var settings = new LineageSettings
        {
            Transport = transport,
            Url = TelemetrySettings.HttpUrl(node.Child("url")),
            ApiKeyVariable = node.Child("api_key_env")?.AsString() ?? DefaultApiKeyVariable,
            Path = node.Child("path")?.AsPath(),
            Namespace = node.Child("namespace")?.AsString(),
            JobName = node.Child("job_name")?.AsString() ?? "{source}",
            Timeout = node.Get(TimeoutSetting),
            Retries = node.Get(RetriesSetting),
        };
        if (transport == "http" && settings.Url is null)
        {
            if (node.Child("url") is null)
            {
                throw node.Error("transport http needs url (the endpoint events are POSTed to, such as http://marquez:5000/api/v1/lineage)");
            }
            // A malformed url was warned about: no lineage rather than no run.
            return null;
        }
        if (transport == "file" && settings.Path is null)
        {
            throw node.Error("transport file needs path (the JSON-lines file events are appended to)");
        }
        return settings;
    }

    /// <summary>From <c>OPENLINEAGE_URL</c> when no section configures lineage: the http transport, as the OpenLineage clients read it.</summary>
    internal static LineageSettings? FromEnvironment()
    {
        var url = Environment.GetEnvironmentVariable("OPENLINEAGE_URL");
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return null;
        }
        // The clients take a base URL and post to /api/v1/lineage under it, unless OPENLINEAGE_ENDPOINT names another path.
        var endpoint = Environment.GetEnvironmentVariable("OPENLINEAGE_ENDPOINT") is { Length: > 0 } e ? e : "api/v1/lineage";
        return new LineageSettings { Transport = "http", Url = new Uri(new Uri(uri.ToString().TrimEnd('/') + "/"), endpoint.TrimStart('/')) };
    }
}
