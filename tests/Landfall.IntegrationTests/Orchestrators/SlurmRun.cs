using System.Globalization;
using System.Text;
using System.Text.Json;
using Landfall.IntegrationTests.Tool;

namespace Landfall.IntegrationTests.Orchestrators;

/// <summary>
/// A backfill submitted through deploy/slurm/backfill.sh: its job ids, its fixed unit list, and what each task and the sweep
/// printed (their stdout: one JSON array of `landfall run --json` results per run; a requeued task appends a second one).
/// </summary>
public sealed class SlurmRun
{
    private SlurmRun(Dictionary<string, string> printed)
    {
        ArrayJob = printed["array_job"];
        SweepJob = printed["sweep_job"];
        Units = File.ReadAllLines(printed["units_file"]).Select(l => l.Split(' ')).Select(p => (p[0], DateOnly.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
        Logs = printed["logs"];
        Assert.Equal(int.Parse(printed["units"], CultureInfo.InvariantCulture), Units.Count);
    }

    public string ArrayJob { get; }

    public string SweepJob { get; }

    public IReadOnlyList<(string Source, DateOnly Date)> Units { get; }

    public string Logs { get; }

    /// <summary>Runs deploy/slurm/backfill.sh FROM TO with the native landfall first on PATH (extra: SBATCH_* and the like).</summary>
    public static async Task<SlurmRun> SubmitAsync(SlurmCluster cluster, FanOutWorld world, string nativeCli, DateOnly from, DateOnly to,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = world.Env();
        env["PATH"] = $"{Path.GetDirectoryName(nativeCli)}:{Environment.GetEnvironmentVariable("PATH")}";
        env["LANDFALL_SLURM_DIR"] = Path.Combine(world.Folder, "slurm");
        env["LANDFALL_SWEEP_INTERVAL"] = "1";
        env["LANDFALL_SWEEP_WAIT"] = "120";
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }
        var script = Path.Combine(ToolPaths.RepoRoot(), "deploy", "slurm", "backfill.sh");
        var submit = await cluster.RunAsync(script, [FanOutWorld.Day(from), FanOutWorld.Day(to)], env, world.Folder);
        Assert.True(submit.Code == 0, submit.Text);
        var printed = submit.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return new SlurmRun(printed);
    }

    public int TaskOf(string source, DateOnly date) => Units.ToList().IndexOf((source, date));

    /// <summary>The results one task printed, in order (none when it was killed before it printed).</summary>
    public IReadOnlyList<JsonElement> TaskResults(int task) => Results(Path.Combine(Logs, $"{ArrayJob}_{task}.out"));

    public string TaskErrors(int task) => Read(Path.Combine(Logs, $"{ArrayJob}_{task}.err"));

    public IReadOnlyList<JsonElement> SweepResults() => Results(Path.Combine(Logs, $"{ArrayJob}_sweep.out"));

    public string SweepErrors() => Read(Path.Combine(Logs, $"{ArrayJob}_sweep.err"));

    private static string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    /// <summary>Every result object of every JSON array in a stdout file (several arrays when several runs wrote to it).</summary>
    private static List<JsonElement> Results(string path)
    {
        var results = new List<JsonElement>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(Read(path)), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            results.AddRange(doc.RootElement.EnumerateArray().Select(r => r.Clone()));
        }
        return results;
    }
}
