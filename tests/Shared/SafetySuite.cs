using System.Text.Json;
using Landfall.Manifests;
using Landfall.Lake;
using Landfall.Layout;
using Landfall.Verification;

namespace Landfall.Testing;

/// <summary>
/// Concurrent runners, crashes and signals, against every lake: several real landfall processes on one lake,
/// SIGKILL at every risky point, SIGTERM/SIGINT, and the invariants checked after every step.
/// </summary>
public abstract class SafetySuite : IDisposable
{
    private TestWorld? _world;

    protected abstract (ILake Lake, string Yaml) CreateLake();

    protected TestWorld World => _world ??= Create();

    private TestWorld Create()
    {
        var (lake, yaml) = CreateLake();
        return new TestWorld(lake, yaml);
    }

    public void Dispose()
    {
        _world?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>How many times each crash point is killed (the local lake does more; the two suites add up to 20+).</summary>
    protected virtual int CrashRepeats => 2;

    /// <summary>How many times 8 runners race for fresh dates.</summary>
    protected virtual int ConcurrencyRounds => 3;

    /// <summary>Extra kills at random moments.</summary>
    protected virtual int TimedKills => 3;

    private string[] Cli(params string[] args) => [.. args, "--config", World.ConfigPath];

    [Fact]
    public async Task Eight_concurrent_runners_ingest_each_source_and_date_exactly_once()
    {
        for (var round = 1; round <= ConcurrencyRounds; round++)
        {
            var date = TestWorld.D(round);
            World.DropAll(date, date);
            var processes = Enumerable.Range(0, 8)
                .Select(_ => LandfallProcess.Start(Cli("run", "--date", ManifestKeys.FormatDate(date), "--json")))
                .ToList();
            var outcomes = new List<CliOutcome>();
            foreach (var p in processes)
            {
                outcomes.Add(await p.WaitAsync());
                p.Dispose();
            }

            Assert.All(outcomes, o => Assert.True(o.ExitCode == 0, $"exit {o.ExitCode}: {o.Error}"));
            var rows = outcomes.SelectMany(o => JsonDocument.Parse(o.Out).RootElement.EnumerateArray().Select(r => r.Clone())).ToList();
            foreach (var source in World.SourceNames)
            {
                var mine = rows.Where(r => r.GetProperty("source").GetString() == source).ToList();
                Assert.Equal(8, mine.Count);
                var winner = Assert.Single(mine, r => r.GetProperty("status").GetString() == "success");
                Assert.All(mine.Where(r => r.GetProperty("status").GetString() != "success"), r =>
                {
                    Assert.Equal("skipped", r.GetProperty("status").GetString());
                    Assert.Contains(r.GetProperty("reason").GetString(), new[] { "claimed_by_other_run", "latest_manifest_success" });
                });
                var manifests = await World.Store().AllAsync(source, date, CancellationToken.None);
                var manifest = Assert.Single(manifests);
                Assert.True(manifest.IsSuccess);
                Assert.Equal(winner.GetProperty("run_id").GetString(), manifest.RunId);
                // Only the winner wrote data: no duplicate bronze objects, referenced or not.
                var bronze = new List<string>();
                await foreach (var obj in World.Lake.ListObjectsAsync($"bronze/source={source}/", CancellationToken.None))
                {
                    if (obj.Key.Contains($"ingest_date={ManifestKeys.FormatDate(date)}/", StringComparison.Ordinal))
                    {
                        bronze.Add(obj.Key);
                    }
                }
                Assert.All(bronze, k => Assert.Contains($"/run_id={manifest.RunId}/", k));
                Assert.Single(bronze);
            }
        }
        await AssertInvariantsAsync(new Dictionary<string, byte[]>());
    }

    [Fact]
    public async Task SIGKILL_at_every_risky_point_never_leaves_a_bad_success_and_a_plain_run_completes_the_date()
    {
        var kills = 0;
        var day = 0;
        var random = new Random(42);
        string[] points = ["after_claim", "before_object", "mid_object", "after_last_object", "mid_manifest"];
        // Each point CrashRepeats times, then timed kills at random moments.
        var plan = Enumerable.Repeat(points, CrashRepeats).SelectMany(p => p).Select(p => (Point: p, DelayMs: 0))
            .Concat(Enumerable.Range(0, TimedKills).Select(_ => (Point: "", DelayMs: random.Next(150, 900)))).ToList();
        foreach (var (point, delayMs) in plan)
        {
            day++;
            var date = TestWorld.D(day);
            foreach (var source in World.SourceNames)
            {
                // Big enough that a kill in the middle of an object lands mid-write.
                World.Drop(source, date, "big.bin", new string('x', 3 << 20));
                World.Drop(source, date);
            }
            var before = await World.SnapshotAsync();
            var crashedExit = 0;

            using (var crashing = LandfallProcess.Start(Cli("run"), point.Length > 0 ? new Dictionary<string, string> { ["LANDFALL_FAULT"] = $"kill:{point}" } : null))
            {
                if (delayMs > 0)
                {
                    await Task.Delay(delayMs);
                    crashing.Signal("KILL");
                }
                var crashed = await crashing.WaitAsync();
                if (point.Length > 0)
                {
                    Assert.True(crashed.ExitCode == 137, $"{point}: expected SIGKILL (137), got {crashed.ExitCode}: {crashed.Error}");
                }
                kills += crashed.ExitCode == 137 ? 1 : 0;
                crashedExit = crashed.ExitCode;
            }
            await AssertInvariantsAsync(before);

            var afterCrash = await World.SnapshotAsync();
            // A timed kill may also land after the last manifest was written but before the process exited: the date is then
            // complete, and a plain run would rightly go on to the next date, which has no files yet.
            var completeBeforeRecovery = point.Length == 0 && await DateCompleteAsync(date);
            if (crashedExit != 0 && !completeBeforeRecovery)
            {
                using var plain = LandfallProcess.Start(Cli("run", "--json"));
                var recovered = await plain.WaitAsync();
                Assert.True(recovered.ExitCode == 0, $"after {point}: exit {recovered.ExitCode}: {recovered.Error}");
            }
            // A timed kill may come after the run finished: then the date is already complete.
            foreach (var source in World.SourceNames)
            {
                var latest = await World.Store().LatestAsync(source, date, CancellationToken.None);
                Assert.True(latest is { IsSuccess: true }, $"after a kill at {point}, {source} {date} was not completed by a plain run");
            }
            await AssertInvariantsAsync(afterCrash);
        }
        Assert.True(kills >= points.Length * CrashRepeats, $"only {kills} kills happened");
    }

    private async Task<bool> DateCompleteAsync(DateOnly date)
    {
        foreach (var source in World.SourceNames)
        {
            if (await World.Store().LatestAsync(source, date, CancellationToken.None) is not { IsSuccess: true })
            {
                return false;
            }
        }
        return true;
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public async Task A_signal_stops_the_run_promptly_with_a_cancelled_manifest(string signal, int exitCode)
    {
        World.DropAll(TestWorld.D(9), TestWorld.D(9));
        using var p = LandfallProcess.Start(Cli("run", "--date", "2026-01-09", "--source", "alpha", "--log-format", "json"),
            new Dictionary<string, string> { ["LANDFALL_FAULT"] = "delay:before_object:4000" });
        // Wait until the run is inside the source (it holds the claim and extracts).
        await p.WaitForLogAsync("ingest_started", TimeSpan.FromSeconds(60));
        await Task.Delay(300);
        var sent = DateTime.UtcNow;
        p.Signal(signal);
        var outcome = await p.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(exitCode, outcome.ExitCode);
        Assert.True(DateTime.UtcNow - sent < TimeSpan.FromSeconds(15), "the run did not stop promptly");
        var latest = await World.Store().LatestAsync("alpha", TestWorld.D(9), CancellationToken.None);
        Assert.Equal(ManifestStatus.Failed, latest!.Status);
        Assert.Equal("cancelled", Assert.Single(latest.Errors).Type);
        // The next run redoes the date.
        Assert.Equal(0, (await World.CliAsync("run", "--date", "2026-01-09", "--source", "alpha")).ExitCode);
    }

    [Fact]
    public async Task Verify_reports_a_tampered_object_and_a_missing_one_and_exits_1()
    {
        World.DropAll(TestWorld.D(1), TestWorld.D(2));
        Assert.Equal(0, (await World.CliAsync("run", "--from", "2026-01-01", "--to", "2026-01-02")).ExitCode);
        var clean = await World.CliAsync("verify", "--json");
        Assert.Equal(0, clean.ExitCode);
        Assert.True(JsonDocument.Parse(clean.Out).RootElement.GetProperty("ok").GetBoolean());

        var alpha = (await World.Store().LatestAsync("alpha", TestWorld.D(1), CancellationToken.None))!.TryBind()!.Outputs["items"].Objects[0];
        var beta = (await World.Store().LatestAsync("beta", TestWorld.D(2), CancellationToken.None))!.TryBind()!.Outputs["items"].Objects[0];
        await TamperAsync(alpha.Key, remove: false);
        await TamperAsync(beta.Key, remove: true);

        var dirty = await World.CliAsync("verify", "--json");

        Assert.Equal(1, dirty.ExitCode);
        var problems = JsonDocument.Parse(dirty.Out).RootElement.GetProperty("problems").EnumerateArray()
            .Select(p => (Key: p.GetProperty("key").GetString(), Check: p.GetProperty("check").GetString())).ToList();
        Assert.Contains((alpha.Key, "sha256"), problems);
        Assert.Contains((beta.Key, "missing"), problems);
        var table = await World.CliAsync("verify");
        Assert.Equal(1, table.ExitCode);
        Assert.Contains(alpha.Key, table.Out);
        Assert.Contains(beta.Key, table.Out);
    }

    /// <summary>Changes (same size, other bytes) or removes a bronze object behind Landfall's back.</summary>
    protected abstract Task TamperAsync(string key, bool remove);

    /// <summary>
    /// The invariants after any step: every success references only objects that exist with the recorded size and hash
    /// and has an output for every entity; no manifest or claim seen before was modified or deleted.
    /// </summary>
    protected async Task AssertInvariantsAsync(Dictionary<string, byte[]> before)
    {
        var report = await new Verifier(World.Store().Ledger).VerifyAsync(World.SourceNames, null, null, CancellationToken.None);
        Assert.True(report.Problems.Count == 0, string.Join("\n", report.Problems));
        foreach (var source in World.SourceNames)
        {
            var ledger = await World.Store().Ledger.ListAsync(source, withIndex: true, CancellationToken.None);
            foreach (var (_, latest) in await World.Store().Ledger.LatestByDateAsync(ledger, CancellationToken.None))
            {
                if (latest is { IsSuccess: true })
                {
                    Assert.True(latest.TryBind()!.Outputs.ContainsKey("items"), $"{latest.Key} is a success without the items entity");
                }
            }
        }
        var now = await World.SnapshotAsync();
        foreach (var (key, bytes) in before.Where(kv => kv.Key.StartsWith("_manifests/", StringComparison.Ordinal) || kv.Key.StartsWith("_claims/", StringComparison.Ordinal)))
        {
            Assert.True(now.TryGetValue(key, out var current), $"{key} was deleted");
            Assert.True(bytes.AsSpan().SequenceEqual(current), $"{key} was modified");
        }
    }
}
