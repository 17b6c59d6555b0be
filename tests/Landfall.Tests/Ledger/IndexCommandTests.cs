using System.Text.Json;
using Landfall.Lake.Local;
using Landfall.Runs;
using Landfall.Testing;

namespace Landfall.Tests.Ledger;

/// <summary><c>landfall index</c>: a table or JSON per source, exit 0, nothing new when up to date, usage errors for unknown sources.</summary>
public sealed class IndexCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("landfall-lake-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Index_prints_what_it_wrote_per_source_and_then_that_every_source_is_up_to_date()
    {
        using var world = new TestWorld(new LocalFolderLake(_root), $"lake:\n  kind: local\n  path: {_root}\n");
        world.DropAll(TestWorld.D(1), TestWorld.D(3));
        await world.Host().RunAsync(new RunRequest { From = TestWorld.D(1), To = TestWorld.D(3) }, CancellationToken.None);

        var first = await world.CliAsync("index", "--json");
        var table = await world.CliAsync("index");
        var unknown = await world.CliAsync("index", "--source", "nope");

        Assert.Equal(0, first.ExitCode);
        var results = JsonDocument.Parse(first.Out).RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["alpha", "beta"], results.Select(r => r.GetProperty("source").GetString()));
        Assert.All(results, r => Assert.Equal(("written", 3, 3, 3), (r.GetProperty("status").GetString(), r.GetProperty("manifests").GetInt32(),
            r.GetProperty("covered").GetInt32(), r.GetProperty("read").GetInt32())));
        Assert.StartsWith("_index/source=alpha/index_id=", results[0].GetProperty("key").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("up_to_date", table.Out, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
    }

    [Fact]
    public async Task Index_help_names_the_command_its_examples_and_exit_codes()
    {
        using var world = new TestWorld(new LocalFolderLake(_root), $"lake:\n  kind: local\n  path: {_root}\n");

        var help = await world.CliAsync("index", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("landfall index --source shop --json", help.Out, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", help.Out, StringComparison.Ordinal);
    }
}
