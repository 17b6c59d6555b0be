using Landfall.IntegrationTests.S3;
using Landfall.IntegrationTests.Sources.S3;
using Landfall.Lake;
using Landfall.Runs;
using Xunit.Abstractions;

namespace Landfall.IntegrationTests.Faults;

/// <summary>
/// Issue 27: an <c>s3</c> source behind a <see cref="FaultProxy"/> (its endpoint differs from the lake's, so every object is streamed
/// through Landfall): a GET whose body breaks off or stalls midway is read again from its first byte within the run.
/// </summary>
[Collection(S3Collection.Name)]
public sealed class S3SourceFaultTests(S3Server server, ITestOutputHelper output) : FaultSuite(output), IAsyncLifetime
{
    private FaultProxy _proxy = null!;
    private S3SourceWorld _world = null!;

    protected override string Target => "S3 source (Swift, streamed)";

    public async Task InitializeAsync()
    {
        _proxy = FaultProxy.For(server.Endpoint, new FaultPlan());
        _world = new S3SourceWorld(server, "max_attempts: 5\nrequest_timeout: 2s\nstall_timeout: 2s\nconnect_timeout: 2s", endpoint: _proxy.Endpoint);
        await _world.CreateBucketAsync();
        var random = new Random(27);
        for (var i = 0; i < 4; i++)
        {
            var bytes = new byte[random.Next(200_000, 500_000)];
            random.NextBytes(bytes);
            await _world.PutAsync($"{S3SourceWorld.DatePrefix}part-{i}.csv", bytes);
        }
    }

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    // The same date again and again, each run a deliberate re-ingest.
    protected override async Task<(RunResult Result, ILake Lake)> RunDateAsync(DateOnly date) => (await _world.RunAsync(force: true), _world.Lake);

    [Fact]
    public async Task Bodies_broken_off_or_stalled_midway_are_read_again_within_the_run_and_no_success_names_a_bad_object()
    {
        var deadline = TimeSpan.FromSeconds(90);
        _proxy.Plan = new FaultPlan(ResetRate: 0.3, MaxBytes: 500_000, Seed: 2731);
        var resets = await RunAllAsync("resets", _proxy, Enumerable.Repeat(S3SourceWorld.Date, 6), deadline);

        _proxy.Plan = new FaultPlan(StallRate: 0.2, MaxBytes: 500_000, Seed: 2732);
        var stalls = await RunAllAsync("stalls", _proxy, Enumerable.Repeat(S3SourceWorld.Date, 3), deadline);

        Assert.True(resets.Cut > 0, "the proxy cut no connection");
        Assert.True(stalls.Stalled > 0, "the proxy stalled no connection");
        Assert.True(resets.Recovered + stalls.Recovered > 0, "no run recovered from a fault within the run");
        // A body that broke off after its GET answered is read again whole (the "read" retry), not only the requests.
        Assert.Contains(_world.Logs.Named("s3_source_retry"), e => e.Message.StartsWith("s3_source_retry: read s3://", StringComparison.Ordinal));
    }
}
