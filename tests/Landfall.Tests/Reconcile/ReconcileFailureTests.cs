using Landfall.Config;
using Landfall.Hosting;
using Landfall.Lake.Local;
using Landfall.Manifests;
using Landfall.Reconcile;
using Landfall.Runs;
using Landfall.Sources;
using Landfall.Sources.Files;
using Landfall.Testing;

namespace Landfall.Tests.Reconcile;

/// <summary>
/// A source that can be ingested but not observed (its observer fails as an unreachable server does): reconcile reports it as
/// failed, never throws, and the after-run pass never changes the run's own results.
/// </summary>
public sealed class ReconcileFailureTests : IDisposable
{
    private readonly string _lakeRoot = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
    private readonly TestWorld _world;

    public ReconcileFailureTests()
    {
        _world = new TestWorld(new LocalFolderLake(_lakeRoot), $"lake:\n  kind: local\n  path: {_lakeRoot}\n", ["alpha"],
            sourceYaml: "    reconcile: { after_run: true }");
        File.WriteAllText(_world.ConfigPath, File.ReadAllText(_world.ConfigPath).Replace("kind: files", "kind: unobservable", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _world.Dispose();
        Directory.Delete(_lakeRoot, recursive: true);
    }

    private LandfallHost Host() => LandfallHost.CreateBuilder().AddSourceKind(new UnobservableKind())
        .UseConfigFile(_world.ConfigPath).UseLake(_world.Lake).UseLoggerFactory(_world.Logs).UseTimeProvider(_world.Clock).Build();

    [Fact]
    public async Task A_source_that_cannot_be_observed_is_a_failed_result_with_its_reason()
    {
        _world.DropAll(TestWorld.D(9), TestWorld.D(9));
        Assert.Equal(RunStatus.Success, Assert.Single((await Host().RunAsync(new RunRequest { Date = TestWorld.D(9) }, CancellationToken.None)).Results).Status);

        var report = await Host().ReconcileAsync(new ReconcileRequest { From = TestWorld.D(9), To = TestWorld.D(9), Apply = true }, CancellationToken.None);

        var result = Assert.Single(report.Results);
        Assert.Equal((ReconcileStatus.Failed, "connection_failed"), (result.Status, result.Reason));
        Assert.Contains("unreachable", result.Message);
        Assert.True(report.AnyFailed);
        Assert.False(report.AnyDrift);
        Assert.Single(await _world.Store().AllAsync("alpha", TestWorld.D(9), CancellationToken.None));
    }

    [Fact]
    public async Task A_reconcile_failure_after_run_is_logged_and_never_fails_the_runs_own_dates()
    {
        _world.DropAll(TestWorld.D(9), TestWorld.D(10));
        Assert.Equal(RunStatus.Success, Assert.Single((await Host().RunAsync(new RunRequest { Date = TestWorld.D(9) }, CancellationToken.None)).Results).Status);

        // Without hole repair: 2026-01-01..08 were never ingested in this world, and are not what this test is about.
        var report = await Host().RunAsync(new RunRequest { RepairHoles = false }, CancellationToken.None);

        var own = Assert.Single(report.Results);
        Assert.Equal((TestWorld.D(10), RunStatus.Success), (own.IngestDate, own.Status));
        Assert.False(report.AnyFailed);
        Assert.Contains(_world.Logs.Named("reconcile_failed"), e => e.Message.Contains("alpha 2026-01-09 connection_failed", StringComparison.Ordinal));
    }

    /// <summary>The files kind under another name, whose observer cannot connect.</summary>
    private sealed class UnobservableKind : ISourceKind
    {
        private readonly FilesSourceKind _files = new();

        public string Kind => "unobservable";

        public IReadOnlyList<string> SourceKeys => _files.SourceKeys;

        public ISource Create(string name, DateOnly startDate, ConfigNode node) => new Unobservable(_files.Create(name, startDate, node));
    }

    private sealed class Unobservable(ISource files) : IReconcilableSource
    {
        public string Name => files.Name;

        public string Kind => "unobservable";

        public DateOnly StartDate => files.StartDate;

        public IReadOnlyList<string> Entities => files.Entities;

        public Task<ISourceSession> OpenAsync(SourceRunContext context, CancellationToken cancellationToken) => files.OpenAsync(context, cancellationToken);

        public Task<IReadOnlyList<CheckFinding>> CheckAsync(SourceCheckContext context, CancellationToken cancellationToken) =>
            files.CheckAsync(context, cancellationToken);

        public Task<ISourceObserver> OpenObserverAsync(SourceObserveContext context, CancellationToken cancellationToken) =>
            throw new SourceException("connection_failed", "The source is unreachable (a test double).", isTransient: true);

        public EntityObservation Recorded(string entity, EntityOutput output) => ((IReconcilableSource)files).Recorded(entity, output);
    }
}
