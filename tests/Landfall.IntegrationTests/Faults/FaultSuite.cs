using System.Diagnostics;
using System.Security.Cryptography;
using Landfall.Lake;
using Landfall.Layout;
using Landfall.Runs;
using Landfall.Testing;
using Xunit.Abstractions;

namespace Landfall.IntegrationTests.Faults;

/// <summary>What a series of runs through a <see cref="FaultProxy"/> did, for the assertions and docs/faults.md.</summary>
public sealed record FaultFigures(string Target, string Phase, int Runs, int Succeeded, int Recovered, int Failed, int Connections, int Cut,
    int Stalled, TimeSpan Longest)
{
    public override string ToString() =>
        $"{Target} {Phase}: {Runs} runs, {Succeeded} succeeded ({Recovered} after meeting a fault within the run), {Failed} failed; " +
        $"{Connections} connections, {Cut} cut, {Stalled} stalled; longest run {Longest.TotalSeconds:0.0}s";
}

/// <summary>
/// The shared loop of the fault tests, one subclass per real server behind a <see cref="FaultProxy"/> (the S3 lake on Swift,
/// PostgreSQL, sshd; Azurite plugs in the same way: a subclass whose <see cref="RunDateAsync"/> points its lake or source at the proxy).
/// After every run it asserts what must hold whatever the wire does: the date's latest manifest, when it is a success, references
/// only objects that exist with the size and SHA-256 it recorded (read directly, not through the proxy), and the run ended within
/// its deadline.
/// </summary>
public abstract class FaultSuite(ITestOutputHelper output)
{
    /// <summary>The test's output, for figures and for what a failed run logged.</summary>
    protected ITestOutputHelper Output => output;

    /// <summary>What the target is (S3 lake on Swift, PostgreSQL, ...), for the figures.</summary>
    protected abstract string Target { get; }

    /// <summary>Runs one date through the proxy and returns its result and the lake to check it in (read directly).</summary>
    protected abstract Task<(RunResult Result, ILake Lake)> RunDateAsync(DateOnly date);

    /// <summary>Runs <paramref name="dates"/> one after the other through <paramref name="proxy"/>, checking after each.</summary>
    protected async Task<FaultFigures> RunAllAsync(string phase, FaultProxy proxy, IEnumerable<DateOnly> dates, TimeSpan deadline)
    {
        var (runs, succeeded, recovered, failed) = (0, 0, 0, 0);
        var longest = TimeSpan.Zero;
        var (connections, cut, stalled) = (proxy.Connections, proxy.Cut, proxy.Stalled);
        foreach (var date in dates)
        {
            var faultsBefore = proxy.Cut + proxy.Stalled;
            var clock = Stopwatch.StartNew();
            var (result, lake) = await RunDateAsync(date).WaitAsync(deadline + TimeSpan.FromMinutes(1));
            clock.Stop();
            runs++;
            longest = clock.Elapsed > longest ? clock.Elapsed : longest;
            Assert.True(clock.Elapsed < deadline, $"{Target} {date}: the run took {clock.Elapsed}, beyond its deadline {deadline}");
            await AssertNoBadSuccessAsync(lake, result.Source, date);
            if (result.Status == RunStatus.Success)
            {
                succeeded++;
                recovered += proxy.Cut + proxy.Stalled > faultsBefore ? 1 : 0;
            }
            else
            {
                failed++;
                output.WriteLine($"{Target} {date}: {result.Status} {string.Join("; ", result.Errors.Select(e => $"{e.Type}: {e.Message}"))}");
            }
        }
        var figures = new FaultFigures(Target, phase, runs, succeeded, recovered, failed, proxy.Connections - connections, proxy.Cut - cut,
            proxy.Stalled - stalled, longest);
        output.WriteLine(figures.ToString());
        return figures;
    }

    /// <summary>
    /// A files source "shop" of <paramref name="days"/> dates from 2026-01-01 (3 files of 50-300 KB each: bodies long enough for a
    /// fault to fall inside one) into the lake of <paramref name="lakeYaml"/>, written to <paramref name="folder"/>/landfall.yaml.
    /// </summary>
    protected static void WriteFilesWorld(string folder, string lakeYaml, int days)
    {
        File.WriteAllText(Path.Combine(folder, "landfall.yaml"), lakeYaml + """
            env: test
            schedule:
              timezone: UTC
              lag_days: 1
            sources:
              - name: shop
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: items
                    directory: drop/{date}
                    glob: "*.csv"

            """);
        var random = new Random(27);
        for (var d = new DateOnly(2026, 1, 1); d < new DateOnly(2026, 1, 1).AddDays(days); d = d.AddDays(1))
        {
            var dir = Path.Combine(folder, "drop", ManifestKeys.FormatDate(d));
            Directory.CreateDirectory(dir);
            for (var i = 0; i < 3; i++)
            {
                var bytes = new byte[random.Next(50_000, 300_000)];
                random.NextBytes(bytes);
                File.WriteAllBytes(Path.Combine(dir, $"part-{i}.csv"), bytes);
            }
        }
    }

    /// <summary>The date's latest manifest, when a success, names only objects that are there, with the size and SHA-256 it recorded.</summary>
    protected static async Task AssertNoBadSuccessAsync(ILake lake, string source, DateOnly date)
    {
        var latest = await new TestManifests(lake).LatestAsync(source, date, CancellationToken.None);
        if (latest is not { IsSuccess: true })
        {
            return;
        }
        var manifest = latest.TryBind();
        Assert.NotNull(manifest);
        foreach (var obj in manifest!.Outputs.Values.SelectMany(o => o.Objects))
        {
            var head = await lake.HeadAsync(obj.Key, CancellationToken.None);
            Assert.True(head is not null, $"{latest.Key} references the missing object {obj.Key}");
            Assert.Equal(obj.Bytes, head!.Size);
            if (obj.Sha256 is not null)
            {
                var body = await lake.ReadSmallAsync(obj.Key, 512L * 1024 * 1024, CancellationToken.None);
                Assert.Equal(obj.Sha256, Convert.ToHexStringLower(SHA256.HashData(body)));
            }
        }
    }
}
