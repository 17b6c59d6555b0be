using Landfall.Lake.Local;
using Landfall.Reconcile;
using Landfall.Runs;
using Landfall.Testing;
using Xunit.Abstractions;

namespace Landfall.Tests.Runs;

/// <summary>
/// How many lake requests a run costs, as sources, history and objects grow (docs/deploy.md quotes these numbers).
/// Each lake operation is one S3 request for objects below the multipart part size.
/// </summary>
public sealed class RequestCountTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("landfall-count-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_skipped_date_costs_one_list_and_one_get_per_source_and_writes_nothing()
    {
        var lake = new CountingLake(new LocalFolderLake(_root));
        using var world = new TestWorld(lake, $"lake:\n  kind: local\n  path: {_root}\n");
        world.DropAll(TestWorld.D(1), TestWorld.D(1));
        await world.Runner().RunDateAsync(TestWorld.D(1), new RunOptions(), CancellationToken.None);
        lake.Reset();

        await world.Runner().RunDateAsync(TestWorld.D(1), new RunOptions(), CancellationToken.None);

        output.WriteLine($"skip, 2 sources: {lake}");
        Assert.Equal(0, lake.Puts);
        Assert.Equal(2, lake.Lists);
        Assert.Equal(2, lake.Gets);
    }

    [Fact]
    public async Task An_ingest_costs_a_fixed_number_of_requests_plus_two_per_object()
    {
        var lake = new CountingLake(new LocalFolderLake(_root));
        using var world = new TestWorld(lake, $"lake:\n  kind: local\n  path: {_root}\n", ["alpha"]);
        world.Drop("alpha", TestWorld.D(1));
        await world.Runner().RunDateAsync(TestWorld.D(1), new RunOptions(), CancellationToken.None);
        var oneObject = lake.Total;
        output.WriteLine($"ingest, 1 source, 1 object: {lake}");
        lake.Reset();

        for (var i = 2; i <= 11; i++)
        {
            world.Drop("alpha", TestWorld.D(2), $"part-{i}.csv");
        }
        await world.Runner().RunDateAsync(TestWorld.D(2), new RunOptions(), CancellationToken.None);
        output.WriteLine($"ingest, 1 source, 10 objects: {lake}");

        // Each object is one put and one head (the stored size read back).
        Assert.Equal(oneObject + 9 * 2, lake.Total);
    }

    [Fact]
    public async Task Reconciling_costs_one_list_and_one_get_per_source_and_date_and_writes_nothing()
    {
        var lake = new CountingLake(new LocalFolderLake(_root));
        using var world = new TestWorld(lake, $"lake:\n  kind: local\n  path: {_root}\n");
        world.DropAll(TestWorld.D(1), TestWorld.D(7));
        for (var d = 1; d <= 7; d++)
        {
            await world.Runner().RunDateAsync(TestWorld.D(d), new RunOptions(), CancellationToken.None);
        }
        // A second manifest on one date (a forced re-run): the latest is still one list and one get.
        await world.Runner().RunDateAsync(TestWorld.D(3), new RunOptions { Force = true }, CancellationToken.None);
        lake.Reset();

        var one = await world.Host().ReconcileAsync(new ReconcileRequest { From = TestWorld.D(1), To = TestWorld.D(1) }, CancellationToken.None);
        output.WriteLine($"reconcile, 2 sources, 1 date: {lake}");
        Assert.Equal((2, 2, 0, 0), (lake.Lists, lake.Gets, lake.Heads, lake.Puts));
        lake.Reset();

        var week = await world.Host().ReconcileAsync(new ReconcileRequest { From = TestWorld.D(1), To = TestWorld.D(7) }, CancellationToken.None);
        output.WriteLine($"reconcile, 2 sources, 7 dates: {lake}");
        Assert.Equal((14, 14, 0, 0), (lake.Lists, lake.Gets, lake.Heads, lake.Puts));
        lake.Reset();

        // A date with no manifest costs its listing only.
        await world.Host().ReconcileAsync(new ReconcileRequest { From = TestWorld.D(9), To = TestWorld.D(10) }, CancellationToken.None);
        output.WriteLine($"reconcile, 2 sources, 2 dates without manifests: {lake}");
        Assert.Equal((4, 0), (lake.Lists, lake.Gets));
        Assert.All(one.Results.Concat(week.Results), r => Assert.Equal(ReconcileStatus.NoDrift, r.Status));
    }

    [Fact]
    public async Task Applying_a_drifted_date_costs_the_comparison_plus_what_a_forced_run_of_the_date_costs()
    {
        var lake = new CountingLake(new LocalFolderLake(_root));
        using var world = new TestWorld(lake, $"lake:\n  kind: local\n  path: {_root}\n", ["alpha"]);
        world.Drop("alpha", TestWorld.D(1));
        world.Drop("alpha", TestWorld.D(2));
        await world.Runner().RunDateAsync(TestWorld.D(1), new RunOptions(), CancellationToken.None);
        await world.Runner().RunDateAsync(TestWorld.D(2), new RunOptions(), CancellationToken.None);
        world.Drop("alpha", TestWorld.D(1), "part-2.csv");
        world.Drop("alpha", TestWorld.D(2), "part-2.csv");
        lake.Reset();

        await world.Runner().RunDateAsync(TestWorld.D(2), new RunOptions { Force = true }, CancellationToken.None);
        var forced = lake.Total;
        output.WriteLine($"forced re-run, 1 source, 2 objects: {lake}");
        lake.Reset();

        var report = await world.Host().ReconcileAsync(
            new ReconcileRequest { From = TestWorld.D(1), To = TestWorld.D(1), Apply = true }, CancellationToken.None);
        output.WriteLine($"reconcile --apply, 1 source, 1 drifted date, 2 objects: {lake}");

        Assert.Equal(RunStatus.Success, Assert.Single(report.Results).Reingest!.Status);
        Assert.Equal(2 + forced, lake.Total);
    }

    [Fact]
    public async Task Planning_the_next_date_costs_a_few_requests_per_source_whatever_the_history()
    {
        var lake = new CountingLake(new LocalFolderLake(_root));
        using var world = new TestWorld(lake, $"lake:\n  kind: local\n  path: {_root}\n");
        var costs = new List<int>();
        foreach (var days in new[] { 1, 10 })
        {
            world.DropAll(TestWorld.D(1), TestWorld.D(days));
            for (var d = 1; d <= days; d++)
            {
                await world.Runner().RunDateAsync(TestWorld.D(d), new RunOptions(), CancellationToken.None);
            }
            lake.Reset();
            var host = world.Host();
            await host.Planner.NextAsync(host.Workspace.Sources, CancellationToken.None);
            output.WriteLine($"plan, 2 sources, {days} day(s) of history: {lake}");
            costs.Add(lake.Total);
        }
        // Newest date first: the scan stops at the first success, so history length does not add requests.
        Assert.Equal(costs[0], costs[1]);
        Assert.Equal(6, costs[0]);
    }
}
