using System.Globalization;
using Landfall.IntegrationTests.Sources.Sftp;
using Landfall.Lake;
using Landfall.Runs;
using Xunit.Abstractions;

namespace Landfall.IntegrationTests.Faults;

/// <summary>
/// Issue 27: sshd behind a <see cref="FaultProxy"/>: resets at random byte counts, then stalls. A broken transfer reconnects and reads
/// the file again; a stalled one is dropped after operation_timeout (each read must bring bytes within it), never hangs the run.
/// </summary>
[Collection(SshdCollection.Name)]
public sealed class SftpFaultTests(SshdServer server, ITestOutputHelper output) : FaultSuite(output), IAsyncLifetime
{
    private FaultProxy _proxy = null!;
    private SftpWorld _world = null!;

    protected override string Target => "SFTP (sshd)";

    public Task InitializeAsync()
    {
        _proxy = new FaultProxy(server.Host, server.Port, new FaultPlan());
        _world = new SftpWorld(server);
        _world.Source["host"] = "127.0.0.1";
        _world.Source["port"] = _proxy.Port.ToString(CultureInfo.InvariantCulture);
        _world.Source["max_attempts"] = "5";
        _world.Source["connect_timeout"] = "2s";
        _world.Source["operation_timeout"] = "2s";
        var random = new Random(27);
        foreach (var date in Dates(0, 10))
        {
            for (var i = 0; i < 3; i++)
            {
                var bytes = new byte[random.Next(100_000, 400_000)];
                random.NextBytes(bytes);
                _world.Drop($"part-{i}.bin", bytes, date, age: TimeSpan.FromHours(1));
            }
        }
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _world.Dispose();
        await _proxy.DisposeAsync();
    }

    protected override async Task<(RunResult Result, ILake Lake)> RunDateAsync(DateOnly date) => (await _world.RunResultAsync(date), _world.Lake);

    [Fact]
    public async Task Resets_and_stalls_of_the_sftp_connection_are_retried_within_deadlines_and_no_success_names_a_bad_object()
    {
        var deadline = TimeSpan.FromSeconds(90);
        _proxy.Plan = new FaultPlan(ResetRate: 0.3, MaxBytes: 600_000, Seed: 2721);
        var resets = await RunAllAsync("resets", _proxy, Dates(0, 6), deadline);

        _proxy.Plan = new FaultPlan(StallRate: 0.2, MaxBytes: 600_000, Seed: 2722);
        var stalls = await RunAllAsync("stalls", _proxy, Dates(6, 4), deadline);

        Assert.True(resets.Cut > 0, "the proxy cut no connection");
        Assert.True(stalls.Stalled > 0, "the proxy stalled no connection");
        Assert.True(resets.Recovered + stalls.Recovered > 0, "no run recovered from a fault within the run");
    }

    private static IEnumerable<DateOnly> Dates(int skip, int count) => Enumerable.Range(skip, count).Select(i => SftpWorld.Day.AddDays(i));
}
