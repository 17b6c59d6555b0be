using System.Text;
using System.Text.RegularExpressions;
using Landfall.Lake.Local;
using Landfall.Layout;
using Landfall.Manifests;

namespace Landfall.Testing;

/// <summary>
/// A lake with every kind of audit-calendar cell, made by real runs of the CLI over a local-folder lake (today
/// 2026-01-11, lag 1: the last complete date is 2026-01-10), plus a corrupt manifest put by hand and a source that
/// only the lake knows, whose name and error message are hostile to HTML. <see cref="Expected"/> says, by construction,
/// what each (source, date) cell must show.
/// </summary>
public sealed class AuditScenario : IDisposable
{
    /// <summary>A source name that would break out of HTML attributes, comments and script blocks if not escaped.</summary>
    public const string HostileSource = "evil<!--\"'&<script>alert(1)<\u2028>\u2029";

    /// <summary>An error message that would close the JSON script block and run script if not escaped.</summary>
    public const string HostileMessage = "</script><script>window.pwned=1</script><!-- \u2028 \u2029 --> & \"quoted\" <b>bold</b>";

    private readonly string _lakeRoot;

    private AuditScenario(string lakeRoot, TestWorld world)
    {
        _lakeRoot = lakeRoot;
        World = world;
    }

    public TestWorld World { get; }

    /// <summary>Every (source, date) from 2026-01-01 to 2026-01-10, the hostile source's included, with the status word expected.</summary>
    public Dictionary<(string Source, string Date), string> Expected { get; } = [];

    /// <summary>Lake-wide complete-through expected: orders fails on 2026-01-03.</summary>
    public static DateOnly ExpectedCompleteThrough => TestWorld.D(2);

    public static string Day(int day) => ManifestKeys.FormatDate(TestWorld.D(day));

    public static async Task<AuditScenario> CreateAsync()
    {
        var lakeRoot = Directory.CreateTempSubdirectory("landfall-audit-lake-").FullName;
        var world = new TestWorld(new LocalFolderLake(lakeRoot), $"lake:\n  kind: local\n  path: {lakeRoot}\n", ["orders", "events", "partner"]);
        var scenario = new AuditScenario(lakeRoot, world);
        AllowEmpty(world, "partner");
        await scenario.BuildAsync();
        return scenario;
    }

    /// <summary>Puts an unreadable manifest (truncated JSON) for (source, date), newer than anything there.</summary>
    public async Task<string> PutCorruptManifestAsync(string source, DateOnly date)
    {
        var key = ManifestKeys.Key(source, date, "corrupt-" + Guid.NewGuid().ToString("N")[..8]);
        using var body = new MemoryStream(Encoding.UTF8.GetBytes("{\"status\": \"succ"));
        await World.Lake.PutAsync(key, body, ManifestFormat.ContentType, CancellationToken.None);
        return key;
    }

    public void Dispose()
    {
        World.Dispose();
        Directory.Delete(_lakeRoot, recursive: true);
    }

    private async Task BuildAsync()
    {
        for (var day = 1; day <= 10; day++)
        {
            foreach (var source in World.SourceNames.Append(HostileSource))
            {
                Expected[(source, Day(day))] = "never_ingested";
            }
        }

        // orders: one of each kind.
        await RunAsync("orders", 1, drop: true, "success");
        await RunAsync("orders", 2, drop: true, "success");
        await RunAsync("orders", 2, drop: false, "superseding", "--force");
        await RunAsync("orders", 3, drop: false, "failed");
        await RunAsync("orders", 4, drop: true, "success");
        await PutCorruptManifestAsync("orders", TestWorld.D(4));
        Expected[("orders", Day(4))] = "corrupt";
        await RunAsync("orders", 5, drop: false, "failed");
        await RunAsync("orders", 5, drop: true, "success");
        await PutCorruptManifestAsync("orders", TestWorld.D(6));
        await RunAsync("orders", 6, drop: true, "success");

        // events: a clean week, then a failure.
        for (var day = 1; day <= 6; day++)
        {
            await RunAsync("events", day, drop: true, "success");
        }
        await RunAsync("events", 7, drop: false, "failed");
        // A late file after the date succeeded: reconcile --apply re-ingests it.
        await RunAsync("events", 8, drop: true, "success");
        World.Drop("events", TestWorld.D(8), "late.csv");
        var reconciled = await World.CliAsync("reconcile", "--from", Day(8), "--to", Day(8), "--source", "events", "--apply");
        if (reconciled.ExitCode != 1 || !reconciled.Out.Contains("1 re-ingested.", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"reconcile events {Day(8)} exited {reconciled.ExitCode}: {reconciled.Out} {reconciled.Error}");
        }
        Expected[("events", Day(8))] = "reconciled";

        // partner: allow_empty, so a date without files is an explicit empty success.
        await RunAsync("partner", 1, drop: true, "success");
        await RunAsync("partner", 2, drop: false, "empty");
        await RunAsync("partner", 3, drop: true, "success");

        // A source removed from the config still has its audit trail; its name and message are hostile.
        await World.Store().WriteAsync(new Manifest
        {
            Source = HostileSource,
            Env = "test",
            RunId = "0199aaaa-0000-7000-8000-000000000001",
            IngestDate = Day(2),
            Status = ManifestStatus.Failed,
            StartedAt = new DateTimeOffset(2026, 1, 3, 1, 0, 0, TimeSpan.Zero),
            EndedAt = new DateTimeOffset(2026, 1, 3, 1, 0, 1, TimeSpan.Zero),
            DurationMs = 1000,
            Errors = [new ManifestError("items<script>", "no_files_yet", HostileMessage)],
        }, CancellationToken.None);
        Expected[(HostileSource, Day(2))] = "failed";
    }

    private async Task RunAsync(string source, int day, bool drop, string expected, params string[] extra)
    {
        var date = TestWorld.D(day);
        if (drop)
        {
            World.Drop(source, date, $"part-{Guid.NewGuid():N}.csv");
        }
        var outcome = await World.CliAsync(["run", "--date", Day(day), "--source", source, .. extra]);
        var wantExit = expected == "failed" ? 1 : 0;
        if (outcome.ExitCode != wantExit)
        {
            throw new InvalidOperationException($"run {source} {Day(day)} exited {outcome.ExitCode}: {outcome.Out} {outcome.Error}");
        }
        Expected[(source, Day(day))] = expected;
    }

    private static void AllowEmpty(TestWorld world, string source)
    {
        var yaml = File.ReadAllText(world.ConfigPath);
        var pattern = new Regex($@"(?m)^(\s*)directory: drop/{Regex.Escape(source)}/\{{date\}}\r?\n(\s*)glob: ""\*\.csv""");
        var patched = pattern.Replace(yaml, m => m.Value + "\n" + m.Groups[2].Value + "allow_empty: true", 1);
        if (patched == yaml)
        {
            throw new InvalidOperationException("Could not add allow_empty to the test config:\n" + yaml);
        }
        File.WriteAllText(world.ConfigPath, patched);
    }
}
