namespace Landfall.IntegrationTests.Tool;

/// <summary>
/// samples/embedding, the program docs/embedding.md explains, built and run as the README says (`dotnet run --project
/// samples/embedding` from the repository root), on a copy of the quickstart so the repository's own sample lake stays untouched.
/// </summary>
public sealed class EmbeddingSampleTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _work = Directory.CreateTempSubdirectory("landfall-embedding-").FullName;

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
    public async Task The_embedding_sample_runs_the_quickstart_through_the_public_api_with_its_own_logging()
    {
        var repo = ToolPaths.RepoRoot();
        var sample = Path.Combine(_work, "quickstart");
        ToolPaths.CopyDirectory(Path.Combine(repo, "samples", "quickstart"), sample, skip: "lake");
        var config = Path.Combine(sample, "landfall.yaml");
        string[] args = ["run", "--project", "samples/embedding", "-c", Configuration, "--", config];

        var first = await ChildProcess.RunAsync("dotnet", args, repo);

        Assert.True(first.Code == 0, first.Text);
        // Five dates of two sources, each a success line of the program's own output.
        Assert.Equal(10, first.Stdout.Split('\n').Count(l => l.Contains(" success ", StringComparison.Ordinal)));
        Assert.Contains("complete through 2026-01-05", first.Stdout);
        // Landfall's events reach the program's logger (the simple console, information level).
        Assert.Contains("manifest_written", first.Stderr);
        Assert.Equal(10, Directory.GetFiles(Path.Combine(sample, "lake", "_manifests"), "*.json", SearchOption.AllDirectories).Length);

        // Run again: the manifests say every date is done, so nothing is ingested twice.
        var second = await ChildProcess.RunAsync("dotnet", args, repo);
        Assert.True(second.Code == 0, second.Text);
        Assert.Equal(10, second.Stdout.Split('\n').Count(l => l.Contains(" skipped ", StringComparison.Ordinal)));
        Assert.Equal(10, Directory.GetFiles(Path.Combine(sample, "lake", "_manifests"), "*.json", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task The_embedding_sample_reports_a_config_error_with_exit_code_2()
    {
        var config = Path.Combine(_work, "landfall.yaml");
        await File.WriteAllTextAsync(config, "sources: []\n");

        var outcome = await ChildProcess.RunAsync("dotnet",
            ["run", "--project", "samples/embedding", "-c", Configuration, "--", config], ToolPaths.RepoRoot());

        Assert.Equal(2, outcome.Code);
        Assert.Contains("landfall.yaml:1 sources: must list at least one source.", outcome.Stderr);
    }
}
