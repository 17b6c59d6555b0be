using System.Text.Json;

namespace Landfall.IntegrationTests.Tool;

/// <summary>
/// Landfall as a .NET tool: the package `dotnet pack` makes installs into a tool path with `dotnet tool install`, and the
/// installed `landfall` runs the README's quickstart.
/// </summary>
public sealed class ToolInstallTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _work = Directory.CreateTempSubdirectory("landfall-tool-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task The_packed_tool_installs_into_a_tool_path_and_runs_the_quickstart()
    {
        var repo = ToolPaths.RepoRoot();
        var packages = Path.Combine(_work, "packages");
        var toolPath = Path.Combine(_work, "tools");
        // A private package cache: an older package of the same version cached by an earlier install must not be used.
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_work, "nuget-cache") };

        // The CLI was built with this test project (it references it); pack that build as the README says.
        var pack = await RunAsync("dotnet", ["pack", Path.Combine(repo, "src", "Landfall.Cli"), "-c", Configuration, "--no-build", "-o", packages], repo, env);
        Assert.True(pack.Code == 0, pack.Text);
        var package = Assert.Single(Directory.GetFiles(packages, "Landfall.Cli.*.nupkg"));

        var install = await RunAsync("dotnet", ["tool", "install", "Landfall.Cli", "--tool-path", toolPath, "--add-source", packages], _work, env);
        Assert.True(install.Code == 0, install.Text);
        Assert.Contains("successfully installed", install.Text, StringComparison.OrdinalIgnoreCase);
        var landfall = Path.Combine(toolPath, "landfall");
        Assert.True(File.Exists(landfall), $"no {landfall} after installing {package}");

        var version = await RunAsync(landfall, ["--version"], _work, env);
        Assert.Equal(0, version.Code);
        Assert.Equal(LandfallVersion.Current, version.Stdout.Trim());

        // The README's quickstart, with the installed command instead of dotnet run, on a copy of the sample.
        var sample = Path.Combine(_work, "quickstart");
        ToolPaths.CopyDirectory(Path.Combine(repo, "samples", "quickstart"), sample, skip: "lake");
        var run = await RunAsync(landfall, ["run", "--config", "landfall.yaml", "--from", "2026-01-01", "--to", "2026-01-05"], sample, env);
        Assert.True(run.Code == 0, run.Text);
        Assert.Contains("5 date(s):", run.Stdout);
        Assert.DoesNotContain("\u001b[", run.Stdout + run.Stderr);

        var manifests = Directory.GetFiles(Path.Combine(sample, "lake", "_manifests"), "*.json", SearchOption.AllDirectories);
        Assert.NotEmpty(manifests);
        foreach (var path in manifests)
        {
            using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(path));
            Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
            Assert.Equal(version.Stdout.Trim(), doc.RootElement.GetProperty("landfall_version").GetString());
        }

        // A second run of the same range skips every date: the tool reads the manifests it wrote.
        var again = await RunAsync(landfall, ["run", "--config", "landfall.yaml", "--from", "2026-01-01", "--to", "2026-01-05", "--json"], sample, env);
        Assert.True(again.Code == 0, again.Text);
        using var results = JsonDocument.Parse(again.Stdout);
        Assert.All(results.RootElement.EnumerateArray(), r => Assert.Equal("skipped", r.GetProperty("status").GetString()));
    }

    private static Task<ChildProcess.Outcome> RunAsync(string file, string[] args, string workingDirectory, Dictionary<string, string> env) =>
        ChildProcess.RunAsync(file, args, workingDirectory, env);
}
