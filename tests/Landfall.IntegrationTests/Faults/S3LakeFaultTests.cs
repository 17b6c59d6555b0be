using Landfall.Hosting;
using Landfall.IntegrationTests.S3;
using Landfall.Lake;
using Landfall.Lake.S3;
using Landfall.Runs;
using Landfall.Testing;
using Xunit.Abstractions;

namespace Landfall.IntegrationTests.Faults;

/// <summary>
/// Issue 27: the S3 lake (Swift s3api) behind a <see cref="FaultProxy"/>: connections reset at random byte counts, then stalled.
/// Every call has its deadline (request_timeout, stall_timeout), expires into the one retry policy, and a run never hangs.
/// </summary>
[Collection(S3Collection.Name)]
public sealed class S3LakeFaultTests(S3Server server, ITestOutputHelper output) : FaultSuite(output), IAsyncLifetime
{
    private static readonly DateOnly First = new(2026, 1, 1);
    private readonly string _folder = Directory.CreateTempSubdirectory("landfall-faults-s3-").FullName;
    private readonly CapturingLoggerProvider _logs = new();
    private readonly FlowingClock _clock = new(new DateTimeOffset(2026, 1, 20, 6, 0, 0, TimeSpan.Zero));
    private FaultProxy _proxy = null!;
    private S3LakeSettings _direct = null!;
    private S3Lake _lake = null!;

    protected override string Target => "S3 lake (Swift)";

    public Task InitializeAsync()
    {
        _proxy = FaultProxy.For(server.Endpoint, new FaultPlan());
        _direct = server.NewLakeSettings();
        var settings = _direct with
        {
            Connection = _direct.Connection with
            {
                Endpoint = _proxy.Endpoint,
                ConnectTimeout = TimeSpan.FromSeconds(2),
                RequestTimeout = TimeSpan.FromSeconds(2),
                StallTimeout = TimeSpan.FromSeconds(2),
                MaxAttempts = 5,
            },
        };
        _lake = new S3Lake(settings, _logs.CreateLogger("lake"), _clock);
        WriteFilesWorld(_folder, S3Server.Yaml(settings), days: 14);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _lake.Dispose();
        await _proxy.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    protected override async Task<(RunResult Result, ILake Lake)> RunDateAsync(DateOnly date)
    {
        var runner = TestHosts.Runner(ConfigLoader.Load(Path.Combine(_folder, "landfall.yaml")), _lake, _logs, _clock);
        var result = Assert.Single(await runner.RunDateAsync(date, new RunOptions(), CancellationToken.None));
        return (result, new S3Lake(_direct));
    }

    [Fact]
    public async Task Resets_and_stalls_of_the_lake_connection_are_retried_within_deadlines_and_no_success_names_a_bad_object()
    {
        // Deadline of a run: 5 attempts of at most 2 s each, backoffs of at most 10 s, for each of its few dozen calls in the worst
        // case; far less in practice. The bound says "no silent hang", with the claim lease (60 s) in mind.
        var deadline = TimeSpan.FromSeconds(90);
        _proxy.Plan = new FaultPlan(ResetRate: 0.3, MaxBytes: 200_000, Seed: 2701);
        var resets = await RunAllAsync("resets", _proxy, Dates(0, 8), deadline);

        _proxy.Plan = new FaultPlan(StallRate: 0.2, MaxBytes: 200_000, Seed: 2702);
        var stalls = await RunAllAsync("stalls", _proxy, Dates(8, 4), deadline);

        Assert.True(resets.Cut > 0, "the proxy cut no connection");
        Assert.True(stalls.Stalled > 0, "the proxy stalled no connection");
        Assert.True(resets.Recovered + stalls.Recovered > 0, "no run recovered from a fault within the run");
        Assert.Contains(_logs.Named("lake_retry"), e => e.Message.Contains("_timeout)", StringComparison.Ordinal));

        // Whatever failed, a run on a quiet wire completes it: nothing the faults left behind stands in the way.
        _proxy.Plan = new FaultPlan();
        foreach (var date in Dates(0, 12))
        {
            var (result, lake) = await RunDateAsync(date);
            Assert.True(result.Status is RunStatus.Success or RunStatus.Skipped, $"{date}: {result.Status} {result.Reason}");
            await AssertNoBadSuccessAsync(lake, "shop", date);
        }
    }

    [Fact]
    public async Task Max_attempts_1_opens_the_s3_lake_and_runs()
    {
        var settings = _direct with { Connection = _direct.Connection with { MaxAttempts = 1 } };
        var kind = new S3LakeKind();
        using var lake = (S3Lake)kind.Open(settings, new LakeOpenContext(_logs.CreateLogger("lake"), _clock));
        var runner = TestHosts.Runner(ConfigLoader.Load(Path.Combine(_folder, "landfall.yaml")), lake, _logs, _clock);

        var result = Assert.Single(await runner.RunDateAsync(First.AddDays(13), new RunOptions(), CancellationToken.None));

        Assert.Equal(RunStatus.Success, result.Status);
        await AssertNoBadSuccessAsync(lake, "shop", First.AddDays(13));
    }

    private static IEnumerable<DateOnly> Dates(int skip, int count) => Enumerable.Range(skip, count).Select(i => First.AddDays(i));
}
