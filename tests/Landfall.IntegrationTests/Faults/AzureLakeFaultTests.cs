using Landfall.Hosting;
using Landfall.IntegrationTests.Azure;
using Landfall.Lake;
using Landfall.Lake.Azure;
using Landfall.Runs;
using Landfall.Testing;
using Xunit.Abstractions;

namespace Landfall.IntegrationTests.Faults;

/// <summary>
/// Issue 27 on the Azure lake (Azurite) behind a <see cref="FaultProxy"/>: connections reset at random byte counts, then stalled.
/// Azure.Core's per-try network timeout (request_timeout) turns a stall into a failed try that the one retry policy retries; a run
/// never hangs, and no success names a missing or wrong object.
/// </summary>
[Collection(AzureCollection.Name)]
public sealed class AzureLakeFaultTests(AzureServer server, ITestOutputHelper output) : FaultSuite(output), IAsyncLifetime
{
    private static readonly DateOnly First = new(2026, 1, 1);
    private readonly string _folder = Directory.CreateTempSubdirectory("landfall-faults-azure-").FullName;
    private readonly CapturingLoggerProvider _logs = new();
    private readonly FlowingClock _clock = new(new DateTimeOffset(2026, 1, 20, 6, 0, 0, TimeSpan.Zero));
    private FaultProxy _proxy = null!;
    private AzureLakeSettings _direct = null!;
    private AzureLake _lake = null!;

    protected override string Target => "Azure lake (Azurite)";

    public Task InitializeAsync()
    {
        _proxy = FaultProxy.For(server.AccountUrl.ToString(), new FaultPlan());
        _direct = server.NewLakeSettings();
        var settings = _direct with
        {
            Connection = _direct.Connection with
            {
                AccountUrl = new Uri($"{_proxy.Endpoint}{server.AccountUrl.AbsolutePath}"),
                RequestTimeout = TimeSpan.FromSeconds(2),
                MaxAttempts = 5,
            },
        };
        _lake = new AzureLake(settings, _logs.CreateLogger("lake"), _clock);
        WriteFilesWorld(_folder, AzureServer.Yaml(settings), days: 12);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    protected override async Task<(RunResult Result, ILake Lake)> RunDateAsync(DateOnly date)
    {
        var runner = TestHosts.Runner(ConfigLoader.Load(Path.Combine(_folder, "landfall.yaml")), _lake, _logs, _clock);
        var result = Assert.Single(await runner.RunDateAsync(date, new RunOptions(), CancellationToken.None));
        return (result, AzureServer.NewLake(_direct));
    }

    [Fact]
    public async Task Resets_and_stalls_of_the_lake_connection_are_retried_within_deadlines_and_no_success_names_a_bad_object()
    {
        // As for the S3 lake: 5 tries of at most 2 s each and bounded backoffs per call; the bound says "no silent hang".
        var deadline = TimeSpan.FromSeconds(90);
        _proxy.Plan = new FaultPlan(ResetRate: 0.3, MaxBytes: 200_000, Seed: 2711);
        var resets = await RunAllAsync("resets", _proxy, Dates(0, 6), deadline);

        _proxy.Plan = new FaultPlan(StallRate: 0.2, MaxBytes: 200_000, Seed: 2712);
        var stalls = await RunAllAsync("stalls", _proxy, Dates(6, 4), deadline);

        Assert.True(resets.Cut > 0, "the proxy cut no connection");
        Assert.True(stalls.Stalled > 0, "the proxy stalled no connection");
        Assert.True(resets.Recovered + stalls.Recovered > 0, "no run recovered from a fault within the run");
        Assert.NotEmpty(_logs.Named("lake_retry"));

        // Whatever failed, a run on a quiet wire completes it.
        _proxy.Plan = new FaultPlan();
        foreach (var date in Dates(0, 10))
        {
            var (result, lake) = await RunDateAsync(date);
            Assert.True(result.Status is RunStatus.Success or RunStatus.Skipped, $"{date}: {result.Status} {result.Reason}");
            await AssertNoBadSuccessAsync(lake, "shop", date);
        }
    }

    private static IEnumerable<DateOnly> Dates(int skip, int count) => Enumerable.Range(skip, count).Select(i => First.AddDays(i));
}
