using Landfall.Cli;
using Landfall.Cli.Output;
using Landfall.Hosting;
using Landfall.Lake;
using Landfall.Layout;
using Landfall.Runs;
using Microsoft.Extensions.Time.Testing;

namespace Landfall.Testing;

/// <summary>
/// A throw-away world for one test: a folder with partner drops and a landfall.yaml pointing at a given lake,
/// a fake clock, captured logs, and helpers to run the real CLI and runner.
/// </summary>
public sealed class TestWorld : IDisposable
{
    private readonly string _schedule;

    /// <summary>A world over a local-folder lake of its own, in a temporary folder deleted with the world.</summary>
    public static TestWorld OnLocalLake(string[]? sources = null, DateOnly? today = null, string? schedule = null, string sourceYaml = "")
    {
        var (lake, yaml) = TemporaryLakes.Create();
        return new TestWorld(lake, yaml, sources, today, schedule, sourceYaml);
    }

    /// <param name="lake">The lake.</param>
    /// <param name="lakeYaml">Its <c>lake:</c> section.</param>
    /// <param name="sources">Source names (default alpha, beta).</param>
    /// <param name="today">The fake clock's day.</param>
    /// <param name="sourceYaml">More keys of every source, indented as a source's keys.</param>
    /// <param name="schedule">Extra <c>schedule:</c> keys, one per line (e.g. <c>claim_lease: 6s</c>).</param>
    public TestWorld(ILake lake, string lakeYaml, string[]? sources = null, DateOnly? today = null, string? schedule = null,
        string sourceYaml = "")
    {
        SourceYaml = sourceYaml;
        Lake = lake;
        LakeYaml = lakeYaml;
        _schedule = schedule ?? "";
        Folder = Directory.CreateTempSubdirectory("landfall-test-").FullName;
        Clock = new FakeTimeProvider(new DateTimeOffset((today ?? new DateOnly(2026, 1, 11)).ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero))
        {
            AutoAdvanceAmount = TimeSpan.FromMilliseconds(1),
        };
        SourceNames = sources ?? ["alpha", "beta"];
        WriteConfig();
    }

    public ILake Lake { get; }

    public string LakeYaml { get; }

    /// <summary>More keys of every source (indented as a source's keys), such as a <c>reconcile:</c> section.</summary>
    public string SourceYaml { get; }

    public string Folder { get; }

    public FakeTimeProvider Clock { get; }

    public IReadOnlyList<string> SourceNames { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public string ConfigPath => Path.Combine(Folder, "landfall.yaml");

    public static DateOnly D(int day) => new(2026, 1, day);

    /// <summary>Drops one file for (source, entity 'items', date).</summary>
    public string Drop(string source, DateOnly date, string name = "part-1.csv", string? content = null)
    {
        var dir = Path.Combine(Folder, "drop", source, ManifestKeys.FormatDate(date));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content ?? $"id,source,date\n1,{source},{ManifestKeys.FormatDate(date)}\n");
        return path;
    }

    /// <summary>Drops a file for every source and every date in [first, last].</summary>
    public void DropAll(DateOnly first, DateOnly last)
    {
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            foreach (var s in SourceNames)
            {
                Drop(s, d);
            }
        }
    }

    public LandfallConfig LoadConfig() => ConfigLoader.Load(ConfigPath);

    /// <summary>A host over this world's config, its lake, its clock and its logs (the embedding API, as the CLI uses it).</summary>
    public LandfallHost Host() => LandfallHost.CreateBuilder()
        .UseConfigFile(ConfigPath).UseLake(Lake).UseLoggerFactory(Logs).UseTimeProvider(Clock).Build();

    internal IngestRunner Runner() => Host().Runner;

    internal TestManifests Store() => new(Lake, Logs.CreateLogger("test"));

    /// <summary>Runs the real CLI in-process against this world's config.</summary>
    public async Task<CliOutcome> CliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, Clock, Logs);
        var code = await CliApp.InvokeAsync([.. args, "--config", ConfigPath], console);
        return new CliOutcome(code, output.ToString(), error.ToString());
    }

    /// <summary>Every object in the lake with its bytes, to prove what did not change.</summary>
    public async Task<Dictionary<string, byte[]>> SnapshotAsync()
    {
        var all = new Dictionary<string, byte[]>();
        await foreach (var obj in Lake.ListObjectsAsync("", CancellationToken.None))
        {
            all[obj.Key] = await Lake.ReadSmallAsync(obj.Key, 64 << 20, CancellationToken.None);
        }
        return all;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
            TemporaryLakes.Release(Lake);
        }
        catch (IOException)
        {
        }
    }

    private void WriteConfig()
    {
        var sources = string.Join("", SourceNames.Select(s => $"""
              - name: {s}
                kind: files
                start_date: 2026-01-01
            {SourceYaml}
                entities:
                  - name: items
                    directory: drop/{s}/{"{date}"}
                    glob: "*.csv"

            """));
        var schedule = string.Join("", _schedule.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => $"  {line.Trim()}\n"));
        File.WriteAllText(ConfigPath, $"""
            env: test
            {LakeYaml}
            schedule:
              timezone: UTC
              lag_days: 1
            {schedule}sources:
            {sources}
            """);
    }
}

public sealed record CliOutcome(int ExitCode, string Out, string Error);
