using System.Text.Json;
using Landfall.Hosting;
using Landfall.Lake.Local;
using Landfall.Progress;
using Landfall.Runs;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Sources.Postgres;

/// <summary>A temp folder with a local-folder lake and a landfall.yaml holding one postgres source named 'pg'.</summary>
public sealed class PostgresWorld : IDisposable
{
    public static readonly DateOnly Day = new(2026, 1, 10);

    public PostgresWorld(string connectionString, string entitiesYaml, string extraSourceYaml = "")
    {
        Folder = Directory.CreateTempSubdirectory("landfall-pg-").FullName;
        Lake = new LocalFolderLake(Path.Combine(Folder, "lake"));
        Write(connectionString, entitiesYaml, extraSourceYaml);
    }

    public string Folder { get; }

    public LocalFolderLake Lake { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public FlowingClock Clock { get; } = new(new DateTimeOffset(2026, 1, 11, 6, 0, 0, TimeSpan.Zero));

    public string ConfigPath => Path.Combine(Folder, "landfall.yaml");

    public void Write(string connectionString, string entitiesYaml, string extraSourceYaml = "")
    {
        var extra = string.Join("", extraSourceYaml.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "    " + l.Trim() + "\n"));
        var entities = string.Join("", entitiesYaml.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "      " + l.TrimEnd() + "\n"));
        File.WriteAllText(ConfigPath, $"""
            env: test
            lake:
              kind: local
              path: {Path.Combine(Folder, "lake")}
            schedule:
              timezone: UTC
              lag_days: 1
            sources:
              - name: pg
                kind: postgres
                start_date: 2026-01-01
                connection_string: "{connectionString}"
            {(extraSourceYaml.Contains("max_attempts:", StringComparison.Ordinal) ? "" : "    max_attempts: 2\n")}
            """ + extra + "    entities:\n" + entities);
    }

    public async Task<RunResult> RunAsync(DateOnly? date = null, RunProgress? progress = null)
    {
        var runner = TestHosts.Runner(ConfigLoader.Load(ConfigPath), Lake, Logs, Clock);
        var results = await runner.RunDateAsync(date ?? Day, new RunOptions { Progress = progress }, CancellationToken.None);
        return Assert.Single(results);
    }

    /// <summary>The latest manifest of the day, as JSON.</summary>
    public async Task<JsonElement> LatestManifestAsync(DateOnly? date = null)
    {
        var store = new TestManifests(Lake);
        var latest = await store.LatestAsync("pg", date ?? Day, CancellationToken.None);
        Assert.NotNull(latest);
        return latest!.Root!.Value;
    }

    /// <summary>The local paths of an entity's objects, from the manifest.</summary>
    public static IReadOnlyList<string> ObjectPaths(JsonElement manifest, string entity, string lakeRoot) =>
        manifest.GetProperty("outputs").GetProperty(entity).GetProperty("objects").EnumerateArray()
            .Select(o => Path.Combine(lakeRoot, o.GetProperty("key").GetString()!)).ToList();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
