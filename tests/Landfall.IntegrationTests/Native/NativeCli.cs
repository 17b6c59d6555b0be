using System.Text.Json;
using Landfall.IntegrationTests.Tool;

namespace Landfall.IntegrationTests.Native;

/// <summary>
/// The natively compiled CLI (Native AOT, scripts/publish-native.sh): the one test.sh published and named in LANDFALL_NATIVE_CLI,
/// or else published once per test process into artifacts/native-tests.
/// </summary>
public static class NativeCli
{
    private static readonly Lazy<Task<string>> Executable = new(LocateAsync);

    /// <summary>The path of the native landfall executable (ParquetSharpNative.so beside it).</summary>
    public static Task<string> PathAsync() => Executable.Value;

    /// <summary>Runs the native landfall with <paramref name="args"/> in <paramref name="workingDirectory"/>.</summary>
    public static async Task<ChildProcess.Outcome> RunAsync(string workingDirectory, params string[] args) =>
        await ChildProcess.RunAsync(await Executable.Value, args, workingDirectory, timeout: TimeSpan.FromMinutes(3));

    /// <summary>Runs the managed landfall (the same build as the tests, on the .NET runtime) the same way.</summary>
    public static Task<ChildProcess.Outcome> RunManagedAsync(string workingDirectory, params string[] args) =>
        ChildProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "landfall.dll"), .. args], workingDirectory, timeout: TimeSpan.FromMinutes(3));

    private static async Task<string> LocateAsync()
    {
        if (Environment.GetEnvironmentVariable("LANDFALL_NATIVE_CLI") is { Length: > 0 } given)
        {
            Assert.True(File.Exists(given), $"LANDFALL_NATIVE_CLI names {given}, which does not exist");
            return given;
        }
        var repo = Tool.ToolPaths.RepoRoot();
        var output = Path.Combine(repo, "artifacts", "native-tests");
        var publish = await ChildProcess.RunAsync(Path.Combine(repo, "scripts", "publish-native.sh"), [output], repo, timeout: TimeSpan.FromMinutes(15));
        Assert.True(publish.Code == 0, "scripts/publish-native.sh failed:\n" + publish.Text);
        return publish.Stdout.Trim();
    }

    /// <summary>Every property path of a JSON value (array items collapse to []), to compare two documents' shapes.</summary>
    public static SortedSet<string> Shape(JsonElement e, string path = "$")
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal) { path };
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    paths.UnionWith(Shape(p.Value, $"{path}.{p.Name}"));
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    paths.UnionWith(Shape(item, path + "[]"));
                }
                break;
        }
        return paths;
    }
}
