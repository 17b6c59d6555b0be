using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Landfall.IntegrationTests.Tool;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Landfall.IntegrationTests.Orchestrators;

/// <summary>
/// podman and buildah as scripts/services/podman/start.sh prepared them (a storage of their own under LANDFALL_PODMAN_ROOT,
/// default LANDFALL_TEST_ROOT/podman), and the landfall image built once by scripts/build-image.sh from the native build.
/// </summary>
public sealed class PodmanImage : IAsyncLifetime
{
    public const string Tag = "localhost/landfall:test";

    public string Root { get; } = Environment.GetEnvironmentVariable("LANDFALL_PODMAN_ROOT")
        ?? Path.Combine(Environment.GetEnvironmentVariable("LANDFALL_TEST_ROOT") ?? "/tmp/landfall-test", "podman");

    public Dictionary<string, string> Env => new()
    {
        ["CONTAINERS_CONF"] = Path.Combine(Root, "containers.conf"),
        ["CONTAINERS_STORAGE_CONF"] = Path.Combine(Root, "storage.conf"),
    };

    /// <summary>The image build's wall time (the buildah commit included).</summary>
    public TimeSpan BuildTime { get; private set; }

    public async Task InitializeAsync()
    {
        var info = File.Exists(Path.Combine(Root, "storage.conf")) ? await RunAsync("info", "--format", "{{.Host.OCIRuntime.Name}}") : null;
        if (info is not { Code: 0 })
        {
            throw new InvalidOperationException($"podman is not prepared under {Root} ({info?.Text ?? "no storage.conf"}). Prepare it with " +
                "'scripts/services/up.sh podman' (as root; or run ./test.sh, which does), or point LANDFALL_PODMAN_ROOT at one.");
        }
        var native = Path.GetDirectoryName(await Native.NativeCli.PathAsync())!;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var build = await ChildProcess.RunAsync(Path.Combine(ToolPaths.RepoRoot(), "scripts", "build-image.sh"), [native, Tag], Root, Env,
            TimeSpan.FromMinutes(5));
        BuildTime = clock.Elapsed;
        Assert.True(build.Code == 0, "scripts/build-image.sh failed:\n" + build.Text);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public Task<ChildProcess.Outcome> RunAsync(params string[] args) =>
        ChildProcess.RunAsync("podman", args, Root, Env, TimeSpan.FromMinutes(3));

    /// <summary>Waits until every container of <paramref name="pods"/> (infra excluded) has exited; returns name to exit code.</summary>
    public async Task<Dictionary<string, int>> WaitForExitAsync(IReadOnlyCollection<string> pods, int containers, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var ps = await RunAsync("ps", "-a", "--pod", "--format", "json");
            Assert.True(ps.Code == 0, ps.Text);
            using var doc = JsonDocument.Parse(ps.Stdout);
            var mine = doc.RootElement.EnumerateArray()
                .Where(c => pods.Contains(c.GetProperty("PodName").GetString()) && !c.GetProperty("IsInfra").GetBoolean())
                .Select(c => (Name: c.GetProperty("Names")[0].GetString()!, State: c.GetProperty("State").GetString(), Exit: c.GetProperty("ExitCode").GetInt32()))
                .ToList();
            if (mine.Count == containers && mine.All(c => c.State == "exited"))
            {
                return mine.ToDictionary(c => c.Name, c => c.Exit);
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"pods {string.Join(",", pods)} not done after {timeout}:\n{ps.Stdout}");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>A YAML document as JSON (which podman kube play reads as YAML): plain true/false and integers typed, the rest strings.</summary>
    public static JsonNode ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, (JsonNode?)ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(c => (JsonNode?)ToJson(c)).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } s => JsonValue.Create(s.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } s when long.TryParse(s.Value, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        YamlScalarNode s => JsonValue.Create(s.Value)!,
        _ => throw new InvalidOperationException($"unexpected YAML node at {node.Start}"),
    };

    /// <summary>Every document of a YAML file, as JSON.</summary>
    public static List<JsonNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => ToJson(d.RootNode)).ToList();
    }

    /// <summary>A ConfigMap with one file in it, as `kubectl create configmap NAME --from-file=KEY=PATH` makes.</summary>
    public static JsonObject ConfigMap(string name, string key, string content) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["data"] = new JsonObject { [key] = content },
    };
}
