using System.Diagnostics;
using System.Text.Json;
using Landfall.Claims;
using Landfall.Lake;
using Landfall.Layout;
using Landfall.Verification;
using Xunit.Abstractions;

namespace Landfall.Testing;

/// <summary>
/// Leases, against every lake, with real landfall processes acting as several hosts (LANDFALL_HOST_ID): a crashed winner is
/// taken over once its lease runs out, a long winner keeps its date by renewing, and a paused winner that lost its lease writes
/// no manifest (except in the documented window between its lease check and its manifest put). The lease is short (8 s, renewed
/// every second: a run may go 4 s without a renewal, room enough on a busy machine) so that the suite is fast; every assertion is
/// about what the lake holds, never about how long something took.
/// </summary>
public abstract class LeaseSuite(ITestOutputHelper output) : IDisposable
{
    protected const int LeaseSeconds = 8;
    private const string Source = "alpha";

    private TestWorld? _world;

    protected abstract (ILake Lake, string Yaml) CreateLake();

    protected TestWorld World => _world ??= Create();

    /// <summary>The lake's name in the measurements printed.</summary>
    protected abstract string LakeName { get; }

    private TestWorld Create()
    {
        var (lake, yaml) = CreateLake();
        return new TestWorld(lake, yaml, schedule: $"claim_lease: {LeaseSeconds}s\nclaim_renew: 1s");
    }

    public void Dispose()
    {
        _world?.Dispose();
        DisposeLake();
        GC.SuppressFinalize(this);
    }

    /// <summary>Removes what <see cref="CreateLake"/> made, where the lake leaves something behind.</summary>
    protected virtual void DisposeLake()
    {
    }

    [Fact]
    public async Task A_winner_killed_on_host_A_is_taken_over_by_host_B_once_its_lease_has_run_out()
    {
        var date = TestWorld.D(1);
        World.Drop(Source, date);
        using var a = Start("host-a", date, new Dictionary<string, string> { ["LANDFALL_FAULT"] = "kill:after_claim" });
        Assert.Equal(137, (await a.WaitAsync()).ExitCode);
        var killed = Stopwatch.StartNew();

        var (attempts, winner) = await RunUntilSuccessAsync("host-b", date);
        var takeover = killed.Elapsed;

        var crashed = Assert.Single(await ClaimsAsync(date), c => c.Host == "host-a");
        Assert.All(attempts.SkipLast(1), r =>
        {
            Assert.Equal("claimed_by_other_run", r.Reason);
            Assert.Equal(crashed.RunId, r.ClaimedBy);
        });
        // B won only once A's newest renewal, by the lake's clock, was a lease older than B's own intent.
        var taker = Assert.Single(await ClaimsAsync(date), c => c.RunId == winner.RunId);
        Assert.True(taker.Intent - crashed.NewestRenewal > TimeSpan.FromSeconds(LeaseSeconds - 1),
            $"B's intent {taker.Intent:O} came only {(taker.Intent - crashed.NewestRenewal).TotalSeconds:0.0} s after A's last renewal");
        await AssertOneSuccessAsync(date, winner.RunId, "host-b");
        output.WriteLine($"{LakeName}: lease {LeaseSeconds} s, renew 1 s: host B ingested {takeover.TotalSeconds:0.0} s after host A " +
            $"was killed ({attempts.Count - 1} attempt(s) refused first); lake clock: A's last renewal to B's intent " +
            $"{(taker.Intent - crashed.NewestRenewal).TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_winner_killed_on_this_host_is_taken_over_at_once_by_the_same_host()
    {
        var date = TestWorld.D(2);
        World.Drop(Source, date);
        using var a = Start("host-a", date, new Dictionary<string, string> { ["LANDFALL_FAULT"] = "kill:after_claim" });
        Assert.Equal(137, (await a.WaitAsync()).ExitCode);

        // Same host identity: the pid in A's claim is gone, so the claim is dead without waiting for its lease.
        var (attempts, winner) = await RunUntilSuccessAsync("host-a", date);

        Assert.Single(attempts);
        await AssertOneSuccessAsync(date, winner.RunId, "host-a");
    }

    [Fact]
    public async Task A_winner_that_runs_several_times_longer_than_its_lease_keeps_its_date()
    {
        var date = TestWorld.D(3);
        for (var i = 1; i <= 4; i++)
        {
            World.Drop(Source, date, $"part-{i}.csv");
        }
        // 6 s before each of 4 objects: 24 s and more, three leases.
        using var a = Start("host-a", date, new Dictionary<string, string> { ["LANDFALL_FAULT"] = "delay:before_object:6000" }, "--log-format", "json");
        await a.WaitForLogAsync("ingest_started", TimeSpan.FromSeconds(60));
        var competitors = new List<RunRow>();
        var host = 0;
        while (!a.HasExited)
        {
            using var other = Start($"host-c{++host}", date);
            var outcome = await other.WaitAsync();
            Assert.True(outcome.ExitCode == 0, $"competitor exit {outcome.ExitCode}: {outcome.Error}");
            competitors.Add(Row(outcome));
            await Task.Delay(1000);
        }
        var winnerOutcome = await a.WaitAsync();

        Assert.True(winnerOutcome.ExitCode == 0, $"exit {winnerOutcome.ExitCode}: {winnerOutcome.Error}");
        var winner = Row(winnerOutcome);
        Assert.Equal("success", winner.Status);
        var claims = await ClaimsAsync(date);
        var held = Assert.Single(claims, c => c.RunId == winner.RunId);
        Assert.True(held.Heartbeats >= 3 * LeaseSeconds / 2, $"only {held.Heartbeats} heartbeats in a run of three leases");
        // Competitors started while A was still running: every one gave way to A, some long after A's intent had outlived its lease.
        var refused = competitors.Where(c => c.Reason == "claimed_by_other_run").ToList();
        Assert.All(competitors, c => Assert.True(c.Reason is "claimed_by_other_run" or "latest_manifest_success", c.Reason));
        Assert.All(refused, c => Assert.Equal(winner.RunId, c.ClaimedBy));
        var late = refused.Select(c => claims.Single(x => x.RunId == c.RunId))
            .Where(c => c.Intent - held.Intent > TimeSpan.FromSeconds(2 * LeaseSeconds)).ToList();
        Assert.True(late.Count > 0, "no competitor came after two leases: the test proves nothing about renewals");
        await AssertOneSuccessAsync(date, winner.RunId, "host-a");
        output.WriteLine($"{LakeName}: a {winner.DurationMs / 1000.0:0.0} s run under a {LeaseSeconds} s lease kept its date: " +
            $"{held.Heartbeats} heartbeats, {refused.Count} competitors refused ({late.Count} of them after two leases)");
    }

    [Fact]
    public async Task A_winner_paused_past_its_lease_and_resumed_after_a_takeover_writes_no_manifest()
    {
        var date = TestWorld.D(4);
        World.Drop(Source, date);
        // SIGSTOP while it extracts: like a frozen VM, every thread stops, its renewals too.
        using var a = Start("host-a", date, new Dictionary<string, string> { ["LANDFALL_FAULT"] = "stop:before_object" });
        await WaitUntilStoppedAsync(a);

        var (_, taker) = await RunUntilSuccessAsync("host-b", date);
        a.Signal("CONT");
        var resumed = await a.WaitAsync();

        Assert.True(resumed.ExitCode == 1, $"exit {resumed.ExitCode}: {resumed.Error}");
        var lost = Row(resumed);
        Assert.Equal("failed", lost.Status);
        Assert.Equal("lease_lost", lost.Reason);
        Assert.Contains("lease_lost", resumed.Error);
        Assert.Contains(await ClaimsAsync(date), c => c.RunId == lost.RunId && c.Released);
        await AssertOneSuccessAsync(date, taker.RunId, "host-b");
    }

    [Fact]
    public async Task A_winner_paused_between_its_lease_check_and_its_manifest_put_leaves_a_second_success_the_documented_window()
    {
        var date = TestWorld.D(5);
        World.Drop(Source, date);
        using var a = Start("host-a", date, new Dictionary<string, string> { ["LANDFALL_FAULT"] = "stop:after_lease_check" });
        await WaitUntilStoppedAsync(a);

        var (_, taker) = await RunUntilSuccessAsync("host-b", date);
        // S3 LastModified has whole seconds: resumed within the taker's second, the tie would go to the larger key (the
        // taker's newer run id) and the late put would not be "latest". Waiting past the second makes the order the one asserted.
        await Task.Delay(1100);
        a.Signal("CONT");
        var resumed = await a.WaitAsync();

        // The window docs/concurrency.md states: without conditional writes nothing stops a put that was already decided. The
        // result is a duplicate, not a bad success: two complete ingests, each manifest naming only its own verified objects.
        Assert.True(resumed.ExitCode == 0, $"exit {resumed.ExitCode}: {resumed.Error}");
        var late = Row(resumed);
        Assert.Equal("success", late.Status);
        var manifests = await World.Store().AllAsync(Source, date, CancellationToken.None);
        Assert.Equal(2, manifests.Count);
        Assert.All(manifests, m => Assert.True(m.IsSuccess));
        Assert.Equal(new[] { late.RunId, taker.RunId }.Order(), manifests.Select(m => m.RunId).Order());
        Assert.Equal(late.RunId, (await World.Store().LatestAsync(Source, date, CancellationToken.None))!.RunId);
        foreach (var m in manifests)
        {
            foreach (var obj in m.TryBind()!.Outputs["items"].Objects)
            {
                Assert.Contains($"/run_id={m.RunId}/", obj.Key);
            }
        }
        await AssertVerifiedAsync();
    }

    private LandfallProcess Start(string host, DateOnly date, Dictionary<string, string>? env = null, params string[] extra)
    {
        var variables = new Dictionary<string, string>(env ?? []) { [HostIdentity.Variable] = host };
        return LandfallProcess.Start(
            ["run", "--date", ManifestKeys.FormatDate(date), "--source", Source, "--json", .. extra, "--config", World.ConfigPath], variables);
    }

    /// <summary>Runs as <paramref name="host"/> again and again, as an orchestrator's retries would, until one run succeeds.</summary>
    private async Task<(List<RunRow> Attempts, RunRow Winner)> RunUntilSuccessAsync(string host, DateOnly date)
    {
        var attempts = new List<RunRow>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20 * LeaseSeconds);
        while (DateTime.UtcNow < deadline)
        {
            using var p = Start(host, date);
            var outcome = await p.WaitAsync();
            Assert.True(outcome.ExitCode == 0, $"{host}: exit {outcome.ExitCode}: {outcome.Error}");
            var row = Row(outcome);
            attempts.Add(row);
            if (row.Status == "success")
            {
                return (attempts, row);
            }
            Assert.Equal("claimed_by_other_run", row.Reason);
            await Task.Delay(250);
        }
        throw new TimeoutException($"{host} never took the date over: {string.Join(", ", attempts.Select(a => a.Reason))}");
    }

    private static async Task WaitUntilStoppedAsync(LandfallProcess p)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!p.IsStopped)
        {
            Assert.False(p.HasExited, "the run exited instead of stopping itself");
            Assert.True(DateTime.UtcNow < deadline, "the run never reached its stop point");
            await Task.Delay(50);
        }
    }

    private async Task AssertOneSuccessAsync(DateOnly date, string runId, string host)
    {
        var manifests = await World.Store().AllAsync(Source, date, CancellationToken.None);
        var success = Assert.Single(manifests, m => m.IsSuccess);
        Assert.Equal(runId, success.RunId);
        Assert.Equal(host, success.TryBind()!.Host);
        await AssertVerifiedAsync();
    }

    private async Task AssertVerifiedAsync()
    {
        var report = await new Verifier(World.Store().Ledger).VerifyAsync([Source], null, null, CancellationToken.None);
        Assert.True(report.Problems.Count == 0, string.Join("\n", report.Problems));
    }

    private static RunRow Row(CliOutcome outcome)
    {
        var row = Assert.Single(JsonDocument.Parse(outcome.Out).RootElement.EnumerateArray());
        return new RunRow(row.GetProperty("run_id").GetString()!, row.GetProperty("status").GetString()!,
            row.GetProperty("reason").GetString(), row.GetProperty("claimed_by").GetString(),
            row.GetProperty("duration_ms").ValueKind == JsonValueKind.Number ? row.GetProperty("duration_ms").GetInt64() : 0);
    }

    /// <summary>Every run's claim on the date, from the lake: host, intent and newest renewal times, heartbeats, release.</summary>
    private async Task<List<ClaimSeen>> ClaimsAsync(DateOnly date)
    {
        var prefix = ClaimKeys.DatePrefix(Source, date);
        var objects = new List<(LakeObjectInfo Object, string Kind, string RunId)>();
        await foreach (var obj in World.Lake.ListObjectsAsync(prefix, CancellationToken.None))
        {
            if (ClaimKeys.Parse(obj.Key[prefix.Length..]) is { } parsed)
            {
                objects.Add((obj, parsed.Kind, parsed.RunId));
            }
        }
        var claims = new List<ClaimSeen>();
        foreach (var run in objects.GroupBy(o => o.RunId))
        {
            var intent = run.Single(o => o.Kind == "intent").Object;
            var body = JsonDocument.Parse(await World.Lake.ReadSmallAsync(intent.Key, 1 << 20, CancellationToken.None)).RootElement;
            var renewals = run.Where(o => o.Kind is "intent" or "heartbeat").Select(o => o.Object.LastModified);
            claims.Add(new ClaimSeen(run.Key, body.GetProperty("host").GetString()!, intent.LastModified, renewals.Max(),
                run.Count(o => o.Kind == "heartbeat"), run.Any(o => o.Kind == "released")));
        }
        return claims;
    }

    private sealed record RunRow(string RunId, string Status, string? Reason, string? ClaimedBy, long DurationMs);

    private sealed record ClaimSeen(string RunId, string Host, DateTimeOffset Intent, DateTimeOffset NewestRenewal, int Heartbeats, bool Released);
}
