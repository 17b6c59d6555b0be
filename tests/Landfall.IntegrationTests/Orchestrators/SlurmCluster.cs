using System.Globalization;
using Landfall.IntegrationTests.Tool;

namespace Landfall.IntegrationTests.Orchestrators;

/// <summary>
/// The real Slurm cluster that scripts/services/slurm/start.sh starts (slurm-wlm 22.05: slurmctld, munged and three slurmd
/// daemons n1..n3 on 127.0.0.1), found through LANDFALL_SLURM_ROOT (default LANDFALL_TEST_ROOT/slurm, /tmp/landfall-test/slurm):
/// its clients get SLURM_CONF, its nodes are stopped and started by slurmd.sh, by pid.
/// </summary>
public sealed class SlurmCluster : IAsyncLifetime
{
    public static readonly string[] Nodes = ["n1", "n2", "n3"];

    public string Root { get; } = Environment.GetEnvironmentVariable("LANDFALL_SLURM_ROOT")
        ?? Path.Combine(Environment.GetEnvironmentVariable("LANDFALL_TEST_ROOT") ?? "/tmp/landfall-test", "slurm");

    public string Conf => Path.Combine(Root, "slurm.conf");

    /// <summary>The cluster name (slurm.conf's ClusterName): the recipes name hosts CLUSTER-NODE.</summary>
    public string Name { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var sinfo = File.Exists(Conf) ? await RunAsync("sinfo", "-h", "-o", "%P") : null;
        if (sinfo is not { Code: 0 })
        {
            throw new InvalidOperationException(
                $"No test Slurm cluster answers with {Conf} ({sinfo?.Text ?? "no such file"}). Start it with 'scripts/services/up.sh slurm' " +
                "(as root; or run ./test.sh, which does), or point LANDFALL_SLURM_ROOT at one.");
        }
        // A partition a failed test left down would hold every job.
        await RunAsync("scontrol", "update", "PartitionName=debug", "State=UP");
        Name = File.ReadLines(Conf).Single(l => l.StartsWith("ClusterName=", StringComparison.Ordinal))["ClusterName=".Length..].Trim();
        await WaitForNodesAsync("idle", Nodes, TimeSpan.FromSeconds(60));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The host identity the recipes give a job on <paramref name="node"/>.</summary>
    public string HostId(string node) => $"{Name}-{node}";

    /// <summary>Runs a Slurm client (or any program) with this cluster's SLURM_CONF.</summary>
    public Task<ChildProcess.Outcome> RunAsync(string program, params string[] args) => RunAsync(program, args, null);

    public Task<ChildProcess.Outcome> RunAsync(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env,
        string? workingDirectory = null)
    {
        var all = new Dictionary<string, string>(env ?? new Dictionary<string, string>()) { ["SLURM_CONF"] = Conf };
        return ChildProcess.RunAsync(program, args, workingDirectory ?? Root, all, TimeSpan.FromMinutes(2));
    }

    /// <summary>Every job of an array (or one job) as scontrol sees it, one record per job id, requeued ones included.</summary>
    public async Task<List<SlurmJob>> JobsAsync(string jobId)
    {
        var show = await RunAsync("scontrol", "show", "job", "-o", jobId);
        Assert.True(show.Code == 0, show.Text);
        return show.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(SlurmJob.Parse).ToList();
    }

    public async Task<SlurmJob> TaskAsync(string arrayJob, int task) =>
        Assert.Single(await JobsAsync($"{arrayJob}_{task.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>Waits until none of <paramref name="jobIds"/> is pending, running or completing.</summary>
    public async Task WaitUntilFinishedAsync(TimeSpan timeout, params string[] jobIds)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var jobs = new List<SlurmJob>();
            foreach (var id in jobIds)
            {
                jobs.AddRange(await JobsAsync(id));
            }
            if (jobs.Count > 0 && jobs.All(j => j.IsFinished))
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                var squeue = await RunAsync("squeue", "-o", "%i %t %N %r %S");
                throw new TimeoutException($"jobs {string.Join(",", jobIds)} not finished after {timeout}:\n{squeue.Stdout}");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>Stops (SIGTERM, by pid) or starts one node's slurmd: scripts/services/slurm/slurmd.sh.</summary>
    public async Task NodeAsync(string action, string node)
    {
        var script = Path.Combine(ToolPaths.RepoRoot(), "scripts", "services", "slurm", "slurmd.sh");
        var done = await ChildProcess.RunAsync(script, [action, node], Root, new Dictionary<string, string> { ["LANDFALL_SLURM_ROOT"] = Root });
        Assert.True(done.Code == 0, done.Text);
    }

    /// <summary>The pid of one node's slurmd (empty when it is stopped).</summary>
    public async Task<int?> SlurmdPidAsync(string node)
    {
        var script = Path.Combine(ToolPaths.RepoRoot(), "scripts", "services", "slurm", "slurmd.sh");
        var done = await ChildProcess.RunAsync(script, ["pid", node], Root, new Dictionary<string, string> { ["LANDFALL_SLURM_ROOT"] = Root });
        return int.TryParse(done.Stdout.Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>Waits until every one of <paramref name="nodes"/> is in <paramref name="state"/> (sinfo's short state, '*' removed).</summary>
    public async Task WaitForNodesAsync(string state, IEnumerable<string> nodes, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var wanted = nodes.ToList();
        while (true)
        {
            var sinfo = await RunAsync("sinfo", "-h", "-N", "-o", "%N %t");
            var states = sinfo.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1].TrimEnd('*', '~', '#', '!', '%', '$', '@', '^', '-'));
            if (wanted.All(n => states.GetValueOrDefault(n) == state))
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"nodes {string.Join(",", wanted)} not {state} after {timeout}: {sinfo.Stdout}");
            }
            await Task.Delay(250);
        }
    }
}

/// <summary>One job (or array task) as `scontrol show job -o` prints it.</summary>
public sealed record SlurmJob(IReadOnlyDictionary<string, string> Fields)
{
    public static SlurmJob Parse(string line) => new(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(f => f.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]));

    public string JobId => Fields["JobId"];

    public int? ArrayTaskId => Fields.TryGetValue("ArrayTaskId", out var t) && int.TryParse(t, CultureInfo.InvariantCulture, out var i) ? i : null;

    public string State => Fields["JobState"];

    /// <summary>EXIT:SIGNAL, as Slurm records it (0:0 a clean exit, 1:0 exit 1, 0:9 killed by SIGKILL).</summary>
    public string ExitCode => Fields["ExitCode"];

    public string? BatchHost => Fields.TryGetValue("BatchHost", out var h) && h != "(null)" ? h : null;

    public int Restarts => int.Parse(Fields.GetValueOrDefault("Restarts", "0"), CultureInfo.InvariantCulture);

    public bool IsFinished => State is "COMPLETED" or "FAILED" or "CANCELLED" or "TIMEOUT" or "NODE_FAIL" or "OUT_OF_MEMORY" or "BOOT_FAIL" or "DEADLINE" or "PREEMPTED";

    public override string ToString() => $"{JobId}{(ArrayTaskId is { } t ? $" (task {t})" : "")} {State} {ExitCode} on {BatchHost} restarts {Restarts}";
}
