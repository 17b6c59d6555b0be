using Landfall.Current;
using Landfall.Lake;
using Landfall.Lake.Local;
using Landfall.Ledger;
using Landfall.Planning;
using Landfall.Reports;
using Landfall.Runs;
using Landfall.Status;
using Landfall.Testing;
using Xunit.Abstractions;

namespace Landfall.Tests.Ledger;

/// <summary>
/// What the ledger index saves and what it costs, in lake requests (docs/deploy.md quotes these numbers), and that writing it after a
/// run never fails the run.
/// </summary>
public sealed class LedgerIndexCostTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("landfall-index-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Yaml => $"lake:\n  kind: local\n  path: {_root}\n";

    private async Task<TestWorld> TenDaysAsync(CountingLake lake, string? schedule = null)
    {
        var world = new TestWorld(lake, Yaml, schedule: schedule);
        world.DropAll(TestWorld.D(1), TestWorld.D(10));
        for (var d = 1; d <= 10; d++)
        {
            await world.Runner().RunDateAsync(TestWorld.D(d), new RunOptions(), CancellationToken.None);
        }
        return world;
    }

    [Fact]
    public async Task Status_reads_one_index_object_per_source_instead_of_one_manifest_per_date()
    {
        var lake = new CountingLake(new LocalFolderLake(_root));
        using var world = await TenDaysAsync(lake);
        var host = world.Host();

        lake.Reset();
        await host.StatusAsync(new StatusRequest(), CancellationToken.None);
        output.WriteLine($"status, 2 sources x 10 dates, no index: {lake}");
        Assert.Equal((4, 20), (lake.Lists, lake.Gets));

        var index = await host.IndexAsync(new IndexRequest(), CancellationToken.None);
        Assert.All(index.Results, r => Assert.Equal((IndexStatus.Written, 10, 10), (r.Status, r.Manifests, r.Covered)));
        lake.Reset();
        await host.StatusAsync(new StatusRequest(), CancellationToken.None);
        output.WriteLine($"status, 2 sources x 10 dates, fresh index: {lake}");
        Assert.Equal((4, 2, 0), (lake.Lists, lake.Gets, lake.Puts));

        // A manifest written after the index: it alone is read.
        await world.Runner().RunDateAsync(TestWorld.D(3), new RunOptions { Force = true, Sources = ["alpha"] }, CancellationToken.None);
        lake.Reset();
        await host.StatusAsync(new StatusRequest(), CancellationToken.None);
        output.WriteLine($"status, 2 sources x 10 dates, index + 1 newer manifest: {lake}");
        Assert.Equal((4, 3), (lake.Lists, lake.Gets));
    }

    [Fact]
    public async Task History_report_current_export_and_plan_read_only_the_manifests_the_index_does_not_cover()
    {
        var lake = new CountingLake(new LocalFolderLake(_root));
        using var world = await TenDaysAsync(lake);
        var host = world.Host();
        var costs = new Dictionary<string, (int Without, int With)>();
        async Task<int> GetsAsync(Func<Task> command)
        {
            lake.Reset();
            await command();
            return lake.Gets;
        }
        Func<Task>[] commands =
        [
            () => host.HistoryAsync(new HistoryRequest(), CancellationToken.None),
            () => host.ReportAsync(new ReportRequest(), CancellationToken.None),
            () => host.PlanAsync(new PlanRequest(), CancellationToken.None),
            async () =>
            {
                await foreach (var _ in host.CurrentAsync(new CurrentRequest(), CancellationToken.None))
                {
                }
            },
            () => host.ExportObjectTableAsync(new CurrentRequest(), Stream.Null, CancellationToken.None),
        ];
        var without = new List<int>();
        foreach (var c in commands)
        {
            without.Add(await GetsAsync(c));
        }
        await host.IndexAsync(new IndexRequest(), CancellationToken.None);
        var with = new List<int>();
        foreach (var c in commands)
        {
            with.Add(await GetsAsync(c));
        }
        output.WriteLine($"gets without / with index: history {without[0]}/{with[0]}, report {without[1]}/{with[1]}, plan {without[2]}/{with[2]}, " +
            $"current {without[3]}/{with[3]}, export {without[4]}/{with[4]}");
        // history and report: every manifest without the index, the index objects with it.
        Assert.Equal((20, 2), (without[0], with[0]));
        Assert.Equal((20, 2), (without[1], with[1]));
        // plan: the next-date scan reads manifests itself (run's rule: 1 per source here, every date done); the hole scan uses the index.
        Assert.Equal(2 + 20, without[2]);
        Assert.Equal(2 + 2, with[2]);
        // current and export: every manifest without the index (an older success may still be current), the index objects with it.
        Assert.Equal((20, 2), (without[3], with[3]));
        Assert.Equal((20, 2), (without[4], with[4]));
    }

    [Fact]
    public async Task A_run_writes_the_index_when_enough_manifests_are_uncovered_and_a_failure_to_write_it_never_fails_the_run()
    {
        var lake = new CountingLake(new LocalFolderLake(_root));
        using var world = await TenDaysAsync(lake, schedule: "index_after_run_min_uncovered: 5");
        world.Drop("alpha", TestWorld.D(11));
        world.Drop("beta", TestWorld.D(11));
        world.Clock.Advance(TimeSpan.FromDays(1));

        var report = await world.Host().RunAsync(new RunRequest { Date = TestWorld.D(11) }, CancellationToken.None);

        Assert.All(report.Results, r => Assert.Equal(RunStatus.Success, r.Status));
        Assert.Equal(2, world.Logs.Named("index_written").Count());
        var again = await world.Host().IndexAsync(new IndexRequest(), CancellationToken.None);
        Assert.All(again.Results, r => Assert.Equal((IndexStatus.UpToDate, 11), (r.Status, r.Covered)));

        // The index folder refuses writes: the run still succeeds, and says why there is no index.
        var refusing = new RefusingIndexLake(new LocalFolderLake(_root));
        using var second = new TestWorld(refusing, Yaml, today: TestWorld.D(14), schedule: "index_after_run_min_uncovered: 1");
        second.DropAll(TestWorld.D(12), TestWorld.D(12));
        var run = await second.Host().RunAsync(new RunRequest { Date = TestWorld.D(12) }, CancellationToken.None);
        Assert.All(run.Results, r => Assert.Equal(RunStatus.Success, r.Status));
        Assert.Equal(2, second.Logs.Named("index_write_failed").Count());
    }

    [Fact]
    public async Task A_run_below_the_threshold_or_with_it_off_writes_no_index()
    {
        var lake = new CountingLake(new LocalFolderLake(_root));
        using var world = await TenDaysAsync(lake, schedule: "index_after_run_min_uncovered: 0");
        world.DropAll(TestWorld.D(11), TestWorld.D(11));
        world.Clock.Advance(TimeSpan.FromDays(1));
        lake.Reset();

        await world.Host().RunAsync(new RunRequest { Date = TestWorld.D(11) }, CancellationToken.None);

        Assert.Empty(world.Logs.Named("index_written"));
        Assert.DoesNotContain(lake.Events, e => e.Contains("_index/", StringComparison.Ordinal));
    }

    /// <summary>A lake whose <c>_index/</c> refuses every put.</summary>
    private sealed class RefusingIndexLake(ILake inner) : ILake
    {
        public string Description => inner.Description;

        public Task<LakeObjectInfo> PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
            key.StartsWith("_index/", StringComparison.Ordinal)
                ? throw new LakeException("Access denied (test).")
                : inner.PutAsync(key, content, contentType, cancellationToken);

        public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

        public Task<LakeObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken) => inner.HeadAsync(key, cancellationToken);

        public Task<LakeListPage> ListPageAsync(string prefix, string? delimiter, string? continuationToken, CancellationToken cancellationToken) =>
            inner.ListPageAsync(prefix, delimiter, continuationToken, cancellationToken);
    }
}
