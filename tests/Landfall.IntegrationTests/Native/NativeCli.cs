using System.Diagnostics;
using System.Text.Json;

namespace Landfall.IntegrationTests.Native;

/// <summary>
/// The natively compiled CLI (Native AOT, scripts/publish-native.sh): the one test.sh published and named in LANDFALL_NATIVE_CLI,
/// or else published once per test process into artifacts/native-tests.
/// </summary>
public static class NativeCli
{
    private static readonly Lazy<Task<string>> Executable = new(LocateAsync);

    /// <summary>Runs the native landfall with <paramref name="args"/> in <paramref name="workingDirectory"/>.</summary>
    public static async Task<Outcome> RunAsync(string workingDirectory, params string[] args) =>
        await StartAsync(await Executable.Value, args, workingDirectory, TimeSpan.FromMinutes(3));

    /// <summary>Runs the managed landfall (the same build as the tests, on the .NET runtime) the same way.</summary>
    public static Task<Outcome> RunManagedAsync(string workingDirectory, params string[] args) =>
        StartAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "landfall.dll"), .. args], workingDirectory, TimeSpan.FromMinutes(3));

    private static async Task<string> LocateAsync()
    {
        if (Environment.GetEnvironmentVariable("LANDFALL_NATIVE_CLI") is { Length: > 0 } given)
        {
            Assert.True(File.Exists(given), $"LANDFALL_NATIVE_CLI names {given}, which does not exist");
            return given;
        }
        var repo = RepoRoot();
        var output = Path.Combine(repo, "artifacts", "native-tests");
        var publish = await StartAsync(Path.Combine(repo, "scripts", "publish-native.sh"), [output], repo, TimeSpan.FromMinutes(15));
        Assert.True(publish.Code == 0, "scripts/publish-native.sh failed:\n" + publish.Text);
        return publish.Stdout.Trim();
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Landfall.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Landfall.slnx not found above {AppContext.BaseDirectory}");
    }

    private static async Task<Outcome> StartAsync(string file, string[] args, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["LANDFALL_FAULT"] = "";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Exit code and output of one CLI run.</summary>
    public sealed record Outcome(int Code, string Stdout, string Stderr)
    {
        public string Text => $"exit {Code}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";

        public JsonElement Json()
        {
            using var doc = JsonDocument.Parse(Stdout);
            return doc.RootElement.Clone();
        }
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
