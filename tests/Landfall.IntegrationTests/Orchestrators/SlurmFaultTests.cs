using System.Globalization;
using System.Text.Json;
using Landfall.IntegrationTests.Tool;
using Xunit.Abstractions;

namespace Landfall.IntegrationTests.Orchestrators;

/// <summary>
/// deploy/slurm when the world moves under it, on the real Slurm cluster: a unit list gone stale before its tasks ran, a task
/// cancelled by scancel (SIGTERM), a node that hangs past its lease and comes back after another node took its date over, and the
/// daily job that queues its successor. Each ends with one success per date and exit codes that Slurm reads as meant.
/// </summary>
[Collection(OrchestratorCollection.Name)]
public sealed class SlurmFaultTests(OrchestratorServers servers, SlurmCluster cluster, ITestOutputHelper output) : IClassFixture<SlurmCluster>
{
    private static readonly DateOnly First = new(2026, 10, 1);

    [Fact]
    public async Task Units_that_another_host_did_or_holds_by_the_time_their_tasks_run_complete_as_skipped_and_stay_single()
    {
        await using var world = new FanOutWorld(servers, First, 2);
        await world.SeedAsync();
        var (done, held) = (First, First.AddDays(1));
        await using var gate = await PgGate.CloseAsync(servers, world, held);
        // Planned and queued while the partition is down: the list is fixed now and goes stale before any task starts.
        await PartitionAsync("DOWN");
        SlurmRun? run = null;
        try
        {
            run = await SlurmRun.SubmitAsync(cluster, world, servers.NativeCli, First, world.Last);
            var elsewhere = new Dictionary<string, string>(world.Env()) { ["LANDFALL_HOST_ID"] = "elsewhere" };
            var other = await LandfallAsync(world, elsewhere, "run", "--source", "pg", "--date", FanOutWorld.Day(done), "--json");
            Assert.True(other.Code == 0, other.Text);
            var holder = LandfallAsync(world, elsewhere, "run", "--source", "pg", "--date", FanOutWorld.Day(held), "--json");
            await gate.WaitUntilBlockedAsync(held, TimeSpan.FromMinutes(1));

            await PartitionAsync("UP");
            await cluster.WaitUntilFinishedAsync(TimeSpan.FromMinutes(2), run.ArrayJob);
            await gate.OpenAsync(held);
            Assert.Equal(0, (await holder).Code);
            await cluster.WaitUntilFinishedAsync(TimeSpan.FromMinutes(2), run.SweepJob);

            var jobs = (await cluster.JobsAsync(run.ArrayJob)).ToDictionary(j => j.ArrayTaskId!.Value);
            Assert.All(jobs.Values, j => Assert.True(j is { State: "COMPLETED", ExitCode: "0:0" }, j.ToString()));
            Assert.Equal("latest_manifest_success", Reason(run.TaskResults(run.TaskOf("pg", done))[^1]));
            Assert.Equal("claimed_by_other_run", Reason(run.TaskResults(run.TaskOf("pg", held))[^1]));
            Assert.True(Assert.Single(await cluster.JobsAsync(run.SweepJob)) is { State: "COMPLETED", ExitCode: "0:0" }, run.SweepErrors());
            var successes = await AssertOneSuccessPerUnitAsync(world, run);
            Assert.Equal("elsewhere", successes.Single(m => m.Source == "pg" && m.Date == done).Host);
            Assert.Equal("elsewhere", successes.Single(m => m.Source == "pg" && m.Date == held).Host);
        }
        finally
        {
            await PartitionAsync("UP");
            if (run is not null)
            {
                await cluster.RunAsync("scancel", run.ArrayJob, run.SweepJob);
            }
        }
    }

    private async Task PartitionAsync(string state)
    {
        var update = await cluster.RunAsync("scontrol", "update", "PartitionName=debug", $"State={state}");
        Assert.True(update.Code == 0, update.Text);
    }

    [Fact]
    public async Task A_task_cancelled_by_scancel_records_a_cancelled_manifest_exits_143_and_the_sweep_redoes_its_date()
    {
        await using var world = new FanOutWorld(servers, First, 1);
        await world.SeedAsync();
        await using var gate = await PgGate.CloseAsync(servers, world, First);
        var run = await SlurmRun.SubmitAsync(cluster, world, servers.NativeCli, First, First);
        try
        {
            var task = run.TaskOf("pg", First);
            await gate.WaitUntilBlockedAsync(First, TimeSpan.FromMinutes(1));
            // A plain scancel (and scancel --signal=KILL without --batch) ends a job the Slurm way: SIGTERM, then SIGKILL after KillWait.
            Assert.True((await cluster.RunAsync("scancel", $"{run.ArrayJob}_{task}")).Code == 0);
            await cluster.WaitUntilFinishedAsync(TimeSpan.FromMinutes(1), $"{run.ArrayJob}_{task}");
            await gate.OpenAsync(First);
            await cluster.WaitUntilFinishedAsync(TimeSpan.FromMinutes(2), run.ArrayJob, run.SweepJob);

            var cancelled = await cluster.TaskAsync(run.ArrayJob, task);
            Assert.True(cancelled is { State: "CANCELLED", ExitCode: "143:0" }, $"{cancelled}\n{run.TaskErrors(task)}");
            var printed = Assert.Single(run.TaskResults(task));
            Assert.Equal("cancelled", Reason(printed));
            var manifests = await world.ManifestsAsync();
            var failed = Assert.Single(manifests, m => m.RunId == printed.GetProperty("run_id").GetString());
            Assert.Equal(("failed", "cancelled"), (failed.Status, failed.ErrorType));
            Assert.True(Assert.Single(await cluster.JobsAsync(run.SweepJob)) is { State: "COMPLETED", ExitCode: "0:0" }, run.SweepErrors());
            var redone = Assert.Single(run.SweepResults(), r => r.GetProperty("status").GetString() == "success");
            Assert.Equal("pg", redone.GetProperty("source").GetString());
            await AssertOneSuccessPerUnitAsync(world, run);
        }
        finally
        {
            await cluster.RunAsync("scancel", run.ArrayJob, run.SweepJob);
        }
    }

    [Fact]
    public async Task A_node_that_hangs_past_its_lease_and_comes_back_after_its_date_was_taken_over_writes_no_manifest()
    {
        await using var world = new FanOutWorld(servers, First, 1);
        await world.SeedAsync();
        await using var gate = await PgGate.CloseAsync(servers, world, First);
        var run = await SlurmRun.SubmitAsync(cluster, world, servers.NativeCli, First, First);
        var frozen = new List<int>();
        try
        {
            var task = run.TaskOf("pg", First);
            await gate.WaitUntilBlockedAsync(First, TimeSpan.FromMinutes(1));
            var node = (await cluster.TaskAsync(run.ArrayJob, task)).BatchHost!;
            var first = Assert.Single(await world.ClaimsAsync("pg", First));
            // The whole node hangs (a frozen VM, a lost network): its slurmd, the job's slurmstepd and landfall stop together.
            frozen.AddRange([first.Pid, ParentOf(first.Pid), (await cluster.SlurmdPidAsync(node))!.Value]);
            Signal("STOP", frozen);
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while ((await cluster.TaskAsync(run.ArrayJob, task)).Restarts == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"task {task} was never requeued while {node} hung");
                await Task.Delay(250);
            }
            await gate.OpenAsync(First);
            // The requeued task runs elsewhere, long after the hung run's last renewal: it takes the date over.
            deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (!(await cluster.TaskAsync(run.ArrayJob, task)).IsFinished)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the requeued task {task} did not finish");
                await Task.Delay(250);
            }
            var requeued = await cluster.TaskAsync(run.ArrayJob, task);
            Assert.True(requeued is { State: "COMPLETED", ExitCode: "0:0", Restarts: >= 1 }, $"{requeued}\n{run.TaskErrors(task)}");
            Assert.NotEqual(node, requeued.BatchHost);
            var taken = Assert.Single(await world.ManifestsAsync(), m => m.Source == "pg");
            Assert.Equal(("success", cluster.HostId(requeued.BatchHost!)), (taken.Status, taken.Host));

            // The node comes back: its run resumes with a lapsed lease (or Slurm ends it first). No second manifest either way.
            Signal("CONT", frozen);
            frozen.Clear();
            deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (File.Exists($"/proc/{first.Pid}"))
            {
                Assert.True(DateTime.UtcNow < deadline, $"the hung run (pid {first.Pid}) still lives after {node} came back");
                await Task.Delay(100);
            }
            await cluster.WaitUntilFinishedAsync(TimeSpan.FromMinutes(2), run.SweepJob);
            await cluster.WaitForNodesAsync("idle", [node], TimeSpan.FromMinutes(1));

            var manifests = await world.ManifestsAsync();
            Assert.Equal(taken.RunId, Assert.Single(manifests, m => m.Source == "pg").RunId);
            var hung = Assert.Single(await world.ClaimsAsync("pg", First), c => c.RunId == first.RunId);
            var late = run.TaskResults(task).Where(r => r.GetProperty("run_id").GetString() == first.RunId).ToList();
            // Resumed in time to print: it lost its lease, said so, and released its claim; else Slurm killed it on the node's return.
            Assert.All(late, r => Assert.Equal(("failed", "lease_lost"), (r.GetProperty("status").GetString(), Reason(r))));
            Assert.Equal(late.Count == 1, hung.Released);
            Assert.True(Assert.Single(await cluster.JobsAsync(run.SweepJob)) is { State: "COMPLETED", ExitCode: "0:0" }, run.SweepErrors());
            await AssertOneSuccessPerUnitAsync(world, run);
            output.WriteLine($"hung run on {node}: {(late.Count == 1 ? "resumed, failed with lease_lost, no manifest" : "ended by Slurm when its node came back, no manifest")}; " +
                $"date taken over on {requeued.BatchHost} {(taken.Host is null ? "" : "by the requeued task")}");
        }
        finally
        {
            Signal("CONT", frozen);
            await cluster.RunAsync("scancel", run.ArrayJob, run.SweepJob);
        }
    }

    [Fact]
    public async Task The_daily_job_queues_its_successor_first_then_catches_up_and_the_successor_finds_nothing_left()
    {
        // start_date two days ago: a catch-up is exactly yesterday and the day before.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await using var world = new FanOutWorld(servers, today.AddDays(-2), 2);
        await world.SeedAsync();
        var env = world.Env();
        env["PATH"] = $"{Path.GetDirectoryName(servers.NativeCli)}:{Environment.GetEnvironmentVariable("PATH")}";
        env["LANDFALL_SLURM_NEXT"] = "now+2";
        var script = Path.Combine(ToolPaths.RepoRoot(), "deploy", "slurm", "daily.sbatch");
        var submit = await cluster.RunAsync("sbatch", ["--parsable", script], env, world.Folder);
        Assert.True(submit.Code == 0, submit.Text);
        var ids = new List<string> { submit.Stdout.Trim().Split(';')[0] };
        try
        {
            // Each run queues the next before it runs: follow the chain for two runs.
            while (ids.Count < 3)
            {
                var next = await NextQueuedAsync(world, ids[^1]);
                await cluster.WaitUntilFinishedAsync(TimeSpan.FromMinutes(2), ids[^1]);
                ids.Add(next);
                if (ids.Count == 3)
                {
                    break;
                }
            }
            await cluster.RunAsync("scancel", ids[2]);
            var first = Assert.Single(await cluster.JobsAsync(ids[0]));
            var second = Assert.Single(await cluster.JobsAsync(ids[1]));
            Assert.True(first is { State: "COMPLETED", ExitCode: "0:0" }, first.ToString());
            Assert.True(second is { State: "COMPLETED", ExitCode: "0:0" }, second.ToString());
            var ingested = Results(world, ids[0]);
            Assert.Equal(6, ingested.Count(r => r.GetProperty("status").GetString() == "success"));
            Assert.Empty(Results(world, ids[1]));
            var successes = (await world.ManifestsAsync()).Where(m => m.IsSuccess).ToList();
            Assert.Equal(6, successes.Count);
            Assert.All(successes, m => Assert.Equal(cluster.HostId(first.BatchHost!), m.Host));
        }
        finally
        {
            await cluster.RunAsync("scancel", [.. ids], null);
        }
    }

    private async Task<string> NextQueuedAsync(FanOutWorld world, string job)
    {
        var err = Path.Combine(world.Folder, $"landfall-daily-{job}.err");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var queued = File.Exists(err)
                ? File.ReadLines(err).Where(l => l.Contains("slurm_next_queued", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("next_job").GetString()).FirstOrDefault()
                : null;
            if (queued is not null)
            {
                return queued;
            }
            Assert.True(DateTime.UtcNow < deadline, $"job {job} queued no successor: {(File.Exists(err) ? File.ReadAllText(err) : "no log")}\n{(await cluster.RunAsync("squeue")).Stdout}");
            await Task.Delay(200);
        }
    }

    private static List<JsonElement> Results(FanOutWorld world, string job)
    {
        var text = File.ReadAllText(Path.Combine(world.Folder, $"landfall-daily-{job}.out")).Trim();
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.EnumerateArray().Select(r => r.Clone()).ToList();
    }

    private static async Task<List<ManifestSeen>> AssertOneSuccessPerUnitAsync(FanOutWorld world, SlurmRun run)
    {
        var successes = (await world.ManifestsAsync()).Where(m => m.IsSuccess).ToList();
        foreach (var (source, date) in run.Units)
        {
            Assert.False(Assert.Single(successes, m => m.Source == source && m.Date == date).Supersedes);
        }
        Assert.Equal(run.Units.Count, successes.Count);
        var verify = await world.VerifyAsync();
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.GetRawText());
        return successes;
    }

    private static string? Reason(JsonElement result) => result.GetProperty("reason").GetString();

    /// <summary>The native landfall as another host would run it, outside Slurm.</summary>
    private Task<ChildProcess.Outcome> LandfallAsync(FanOutWorld world, Dictionary<string, string> env, params string[] args) =>
        ChildProcess.RunAsync(servers.NativeCli, [.. args, "--config", world.ConfigPath], world.Folder, env, TimeSpan.FromMinutes(3));

    private static int ParentOf(int pid) =>
        int.Parse(File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static void Signal(string signal, IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            Sources.Sftp.SshdServer.Run("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)], allowFailure: true);
        }
    }
}
