using System.Diagnostics;
using Landfall.IntegrationTests.Tool;
using Xunit.Abstractions;

namespace Landfall.IntegrationTests.Orchestrators;

/// <summary>
/// deploy/slurm on a real Slurm cluster (three slurmd nodes, scripts/services/slurm): a backfill of 3 sources x 20 dates fanned out
/// as a job array over the units `landfall plan --json` fixed once, the sweep after it, a task SIGKILLed in the middle of its date,
/// and a node whose slurmd is stopped while its task is mid-date (Slurm sets it DOWN and requeues the task) and started again.
/// What is checked is what the lake and Slurm say at the end, never how long something took.
/// </summary>
[Collection(OrchestratorCollection.Name)]
public sealed class SlurmBackfillTests(OrchestratorServers servers, SlurmCluster cluster, ITestOutputHelper output) : IClassFixture<SlurmCluster>
{
    private static readonly DateOnly First = new(2026, 11, 1);
    private const int Days = 20;

    [Fact]
    public async Task A_backfill_fanned_out_over_three_nodes_ends_with_one_verified_success_per_date_despite_a_killed_task_and_a_lost_node()
    {
        await using var world = new FanOutWorld(servers, First, Days);
        await world.SeedAsync();
        var requeued = First.AddDays(1); // (pg, 2nd date): its node's slurmd stops while the task waits in the date
        var killed = world.Last;         // (pg, last date): SIGKILLed while it waits in the date, near the end of the array
        await using var gate = await PgGate.CloseAsync(servers, world, requeued, killed);
        var clock = Stopwatch.StartNew();
        var run = await SlurmRun.SubmitAsync(cluster, world, servers.NativeCli, world.First, world.Last);
        try
        {
            // The units, fixed once: every (source, date) of the range, date then config order.
            Assert.Equal(world.Dates.SelectMany(d => FanOutWorld.Sources.Select(s => (s, d))), run.Units);
            var lost = LoseTheNodeOfAsync(world, run, gate, requeued);
            // The kill waits for the lost node's task to be done again, so that the sweep starts right after the kill, while the
            // killed run's lease still holds the date.
            var kill = KillMidDateAsync(run, gate, killed, lost);
            await Task.WhenAll(lost, kill);
            await cluster.WaitUntilFinishedAsync(TimeSpan.FromMinutes(5), run.ArrayJob, run.SweepJob);
            var fanOut = clock.Elapsed;

            var manifests = await world.ManifestsAsync();
            var successes = manifests.Where(m => m.IsSuccess).ToList();
            output.WriteLine(string.Join("\n", (await cluster.JobsAsync(run.ArrayJob)).Concat(await cluster.JobsAsync(run.SweepJob))));
            foreach (var (source, date) in run.Units)
            {
                var one = Assert.Single(successes, m => m.Source == source && m.Date == date);
                Assert.False(one.Supersedes, $"{one.Key} supersedes a success");
            }
            Assert.Equal(run.Units.Count, successes.Count);
            var verify = await world.VerifyAsync();
            Assert.True(verify.GetProperty("ok").GetBoolean(), verify.GetRawText());
            Assert.Equal(successes.Sum(m => m.Objects), verify.GetProperty("objects").GetInt32());
            var hosts = successes.Select(m => m.Host).Distinct().ToList();
            Assert.True(hosts.Count >= 3, $"successes from {string.Join(", ", hosts)} only");
            Assert.All(hosts, h => Assert.StartsWith(cluster.Name + "-n", h, StringComparison.Ordinal));

            var accounted = await AssertSlurmAgreesWithTheLakeAsync(world, run, manifests, (await kill).Task, (await lost).Task);
            Assert.Equal(successes.Select(m => m.RunId).Order(), accounted.Order());
            var (takeover, refused) = await AssertTheKilledDateWasTakenOverAfterItsLeaseAsync(world, run, killed, successes, (await kill).Node);

            output.WriteLine($"fan-out of {run.Units.Count} units over 3 nodes, with the kill, the lost node and the sweep: {fanOut.TotalSeconds:0.0} s");
            output.WriteLine($"killed task's date taken over {takeover.TotalSeconds:0.0} s after its last renewal (lease {FanOutWorld.LeaseSeconds} s), " +
                $"the sweep refused {refused} time(s) first");
            output.WriteLine($"lost node {(await lost).Node}: {(await lost).Down.TotalSeconds:0.0} s from slurmd stopped to the task requeued; " +
                $"the task's runs printed: {string.Join(", ", run.TaskResults((await lost).Task).Select(Describe))}; manifests of its date: " +
                string.Join(", ", manifests.Where(m => m.Source == "pg" && m.Date == requeued).Select(m => $"{m.Status}/{m.ErrorType} by {m.Host}")));
        }
        finally
        {
            await cluster.RunAsync("scancel", run.ArrayJob, run.SweepJob);
        }
    }

    [Fact]
    public async Task The_same_backfill_fanned_out_over_three_nodes_and_run_by_one_landfall_run_both_complete_and_print_their_wall_times()
    {
        await using var fanned = new FanOutWorld(servers, First, Days);
        await using var single = new FanOutWorld(servers, First, Days);
        await fanned.SeedAsync();
        await single.SeedAsync();

        var clock = Stopwatch.StartNew();
        var run = await SlurmRun.SubmitAsync(cluster, fanned, servers.NativeCli, First, fanned.Last);
        await cluster.WaitUntilFinishedAsync(TimeSpan.FromMinutes(5), run.ArrayJob, run.SweepJob);
        var fanOut = clock.Elapsed;
        clock.Restart();
        var one = await ChildProcess.RunAsync(servers.NativeCli,
            ["run", "--from", FanOutWorld.Day(First), "--to", FanOutWorld.Day(single.Last), "--json", "--config", single.ConfigPath],
            single.Folder, single.Env(), TimeSpan.FromMinutes(10));
        var oneRun = clock.Elapsed;

        Assert.True(one.Code == 0, one.Text);
        Assert.All(await cluster.JobsAsync(run.ArrayJob), j => Assert.True(j is { State: "COMPLETED", ExitCode: "0:0" }, j.ToString()));
        foreach (var world in new[] { fanned, single })
        {
            var successes = (await world.ManifestsAsync()).Where(m => m.IsSuccess).ToList();
            Assert.Equal(run.Units.Count, successes.Count);
            Assert.Equal(run.Units.Count, successes.Select(m => (m.Source, m.Date)).Distinct().Count());
        }
        output.WriteLine($"{run.Units.Count} units (3 sources x {Days} dates), native CLI, S3 lake: fanned out as a Slurm array over 3 nodes " +
            $"(1 CPU each) {fanOut.TotalSeconds:0.0} s from submission to the sweep's end; one `landfall run --from --to` {oneRun.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Stops the slurmd of the node whose task waits in <paramref name="date"/>; once Slurm has set it DOWN and requeued the task,
    /// starts it again, waits until Slurm has ended the first run there (the node comes back and is told its job is gone), and lets
    /// the date through for the second.
    /// </summary>
    private async Task<(int Task, string Node, TimeSpan Down)> LoseTheNodeOfAsync(FanOutWorld world, SlurmRun run, PgGate gate, DateOnly date)
    {
        var task = run.TaskOf("pg", date);
        await gate.WaitUntilBlockedAsync(date, TimeSpan.FromMinutes(2));
        var node = (await cluster.TaskAsync(run.ArrayJob, task)).BatchHost!;
        var first = await ClaimOfAsync(world, date, cluster.HostId(node));
        await cluster.NodeAsync("stop", node);
        var stopped = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while ((await cluster.TaskAsync(run.ArrayJob, task)).Restarts == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"task {task} was never requeued after {node} stopped answering");
            await Task.Delay(250);
        }
        var down = stopped.Elapsed;
        // Keep the second run off that node, as when a node stays away: it must then wait out the first run's lease, or give way.
        var exclude = await cluster.RunAsync("scontrol", "update", $"JobId={run.ArrayJob}_{task}", $"ExcNodeList={node}");
        Assert.True(exclude.Code == 0, exclude.Text);
        await cluster.NodeAsync("start", node);
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (File.Exists($"/proc/{first.Pid}"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the first run of task {task} (pid {first.Pid}) still lives after {node} came back");
            await Task.Delay(100);
        }
        await gate.OpenAsync(date);
        return (task, node, down);
    }

    /// <summary>SIGKILLs the task that waits in <paramref name="date"/> (scancel --signal=KILL --batch) and keeps the sweep off its node.</summary>
    private async Task<(int Task, string Node)> KillMidDateAsync(SlurmRun run, PgGate gate, DateOnly date,
        Task<(int Task, string Node, TimeSpan Down)> after)
    {
        var task = run.TaskOf("pg", date);
        await gate.WaitUntilBlockedAsync(date, TimeSpan.FromMinutes(4));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!(await cluster.TaskAsync(run.ArrayJob, (await after).Task)).IsFinished)
        {
            Assert.True(DateTime.UtcNow < deadline, "the requeued task never finished");
            await Task.Delay(250);
        }
        var node = (await cluster.TaskAsync(run.ArrayJob, task)).BatchHost!;
        // On the same node the sweep would take the date over at once (the dead pid frees it, tested in LeaseSuite); elsewhere it
        // must wait for the lease to run out, which is what this test is about.
        var exclude = await cluster.RunAsync("scontrol", "update", $"JobId={run.SweepJob}", $"ExcNodeList={node}");
        Assert.True(exclude.Code == 0, exclude.Text);
        // --batch: the signal itself, to the batch step (landfall: the script execs it). Without it Slurm cancels the job, which
        // sends SIGTERM first: landfall then records a `cancelled` failed manifest (SlurmFaultTests).
        var scancel = await cluster.RunAsync("scancel", "--signal=KILL", "--batch", $"{run.ArrayJob}_{task}");
        Assert.True(scancel.Code == 0, scancel.Text);
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!(await cluster.TaskAsync(run.ArrayJob, task)).IsFinished)
        {
            Assert.True(DateTime.UtcNow < deadline, $"task {task} still runs after scancel --signal=KILL");
            await Task.Delay(100);
        }
        await gate.OpenAsync(date);
        return (task, node);
    }

    /// <summary>
    /// Each task's final state as Slurm reports it against what its runs printed and the lake holds: COMPLETED (exit 0) for every
    /// task whose last run ingested or skipped its date, FAILED by signal 9 with nothing printed and an unfinished claim for the
    /// killed one, a restart for the requeued one, COMPLETED for the sweep. Returns the run ids of the successes the jobs report.
    /// </summary>
    private async Task<List<string>> AssertSlurmAgreesWithTheLakeAsync(FanOutWorld world, SlurmRun run, List<ManifestSeen> manifests, int killedTask, int requeuedTask)
    {
        var byRun = manifests.ToDictionary(m => m.RunId);
        var jobs = (await cluster.JobsAsync(run.ArrayJob)).ToDictionary(j => j.ArrayTaskId!.Value);
        Assert.Equal(run.Units.Count, jobs.Count);
        var reported = new List<string>();
        for (var task = 0; task < run.Units.Count; task++)
        {
            var job = jobs[task];
            var results = run.TaskResults(task);
            var why = $"task {task} {run.Units[task]}: {job}\n{run.TaskErrors(task)}";
            if (task == killedTask)
            {
                Assert.True(job is { State: "FAILED", ExitCode: "0:9" }, why);
                Assert.Empty(results);
                var claim = await ClaimOfAsync(world, run.Units[task].Date, cluster.HostId(job.BatchHost!));
                Assert.False(byRun.ContainsKey(claim.RunId), $"the killed run {claim.RunId} wrote a manifest");
                Assert.False(claim.Released, why);
                continue;
            }
            Assert.True(job is { State: "COMPLETED", ExitCode: "0:0" }, why);
            Assert.True(task != requeuedTask || job.Restarts >= 1, why);
            Assert.True(results.Count > 0, why);
            var last = results[^1];
            var status = last.GetProperty("status").GetString();
            Assert.True(status is "success" or "skipped", $"{why}\n{last}");
            if (status == "success")
            {
                var manifest = byRun[last.GetProperty("run_id").GetString()!];
                Assert.True(manifest.IsSuccess, why);
                Assert.Equal(cluster.HostId(job.BatchHost!), manifest.Host);
                reported.Add(manifest.RunId);
            }
            else
            {
                Assert.True(last.GetProperty("reason").GetString() is "claimed_by_other_run" or "latest_manifest_success", $"{why}\n{last}");
            }
        }
        var sweep = Assert.Single(await cluster.JobsAsync(run.SweepJob));
        Assert.True(sweep is { State: "COMPLETED", ExitCode: "0:0" }, $"{sweep}\n{run.SweepErrors()}");
        foreach (var result in run.SweepResults().Where(r => r.GetProperty("status").GetString() == "success"))
        {
            var manifest = byRun[result.GetProperty("run_id").GetString()!];
            Assert.Equal(cluster.HostId(sweep.BatchHost!), manifest.Host);
            reported.Add(manifest.RunId);
        }
        return reported;
    }

    /// <summary>The killed run's date went to the sweep, on another node, only once the killed run's lease had run out.</summary>
    private async Task<(TimeSpan Takeover, int Refused)> AssertTheKilledDateWasTakenOverAfterItsLeaseAsync(FanOutWorld world, SlurmRun run, DateOnly date,
        List<ManifestSeen> successes, string killedNode)
    {
        var success = Assert.Single(successes, m => m.Source == "pg" && m.Date == date);
        var claims = await world.ClaimsAsync("pg", date);
        var dead = Assert.Single(claims, c => c.Host == cluster.HostId(killedNode) && c.RunId != success.RunId);
        var taker = Assert.Single(claims, c => c.RunId == success.RunId);
        Assert.NotEqual(dead.Host, taker.Host);
        Assert.Contains(run.SweepResults(), r => r.GetProperty("run_id").GetString() == success.RunId);
        // S3 LastModified has whole seconds: a lease is judged to 1 s.
        var takeover = taker.Intent - dead.NewestRenewal;
        Assert.True(takeover >= TimeSpan.FromSeconds(FanOutWorld.LeaseSeconds - 1),
            $"the sweep took the date {takeover.TotalSeconds:0.0} s after the killed run's last renewal, within its lease");
        var refused = run.SweepResults().Count(r => r.GetProperty("ingest_date").GetString() == FanOutWorld.Day(date)
            && r.GetProperty("reason").GetString() == "claimed_by_other_run");
        return (takeover, refused);
    }

    private static string Describe(System.Text.Json.JsonElement r) => $"{r.GetProperty("status").GetString()}/{r.GetProperty("reason").GetString()}";

    /// <summary>The one claim on (pg, <paramref name="date"/>) made from <paramref name="host"/> (waits for it to be visible).</summary>
    private static async Task<ClaimSeen> ClaimOfAsync(FanOutWorld world, DateOnly date, string host)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var claims = (await world.ClaimsAsync("pg", date)).Where(c => c.Host == host).ToList();
            if (claims.Count > 0 || DateTime.UtcNow > deadline)
            {
                return Assert.Single(claims);
            }
            await Task.Delay(200);
        }
    }
}
