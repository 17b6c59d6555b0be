using Landfall.Testing;

namespace Landfall.IntegrationTests.Telemetry;

/// <summary>
/// A temp folder with a local lake, a files source 'shop' (two files for <see cref="Day"/>), optionally a postgres source 'pg', and
/// a <c>telemetry:</c> section; runs the real CLI as a child process.
/// </summary>
public sealed class TelemetryWorld : IDisposable
{
    public static readonly DateOnly Day = new(2026, 1, 10);

    public TelemetryWorld(string telemetryYaml = "", string? postgresConnection = null, string? postgresTable = null, bool shopHasData = true)
    {
        Folder = Directory.CreateTempSubdirectory("landfall-telemetry-").FullName;
        var drop = Path.Combine(Folder, "drop", "2026-01-10");
        Directory.CreateDirectory(drop);
        if (shopHasData)
        {
            File.WriteAllText(Path.Combine(drop, "orders_1.csv"), "id,amount\n1,10\n2,20\n");
            File.WriteAllText(Path.Combine(drop, "orders_2.csv"), "id,amount\n3,30\n");
        }
        var pg = postgresConnection is null ? "" : $"""
              - name: pg
                kind: postgres
                start_date: 2026-01-01
                connection_string: "{postgresConnection}"
                max_attempts: 1
                entities:
                  - name: rows
                    table: {postgresTable}

            """;
        var telemetry = telemetryYaml.Length == 0 ? "" : "telemetry:\n" + string.Join("", telemetryYaml.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => "  " + l.TrimEnd() + "\n"));
        File.WriteAllText(ConfigPath, $"""
            env: test
            lake:
              kind: local
              path: {Path.Combine(Folder, "lake")}
            schedule:
              timezone: UTC
              lag_days: 1
            sources:
              - name: shop
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: orders
                    directory: {Path.Combine(Folder, "drop")}/{"{date:yyyy-MM-dd}"}
                    glob: "orders_*.csv"
                    allow_empty: false

            """ + pg + telemetry);
    }

    public string Folder { get; }

    public string ConfigPath => Path.Combine(Folder, "landfall.yaml");

    public string LakeRoot => Path.Combine(Folder, "lake");

    /// <summary>Runs <c>landfall run --date 2026-01-10</c> (plus <paramref name="extra"/>) with the environment given.</summary>
    public async Task<(CliOutcome Outcome, TimeSpan Elapsed)> RunAsync(IReadOnlyDictionary<string, string>? env = null, params string[] extra)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var process = LandfallProcess.Start(["run", "--config", ConfigPath, "--date", "2026-01-10", "--log-level", "information", .. extra],
            Env(env));
        var outcome = await process.WaitAsync(TimeSpan.FromMinutes(2));
        return (outcome, clock.Elapsed);
    }

    /// <summary>Runs any command with the environment given.</summary>
    public async Task<CliOutcome> CliAsync(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        using var process = LandfallProcess.Start([.. args, "--config", ConfigPath], Env(env));
        return await process.WaitAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>The telemetry variables cleared (the test machine's own must not leak in), then <paramref name="env"/>.</summary>
    private static Dictionary<string, string> Env(IReadOnlyDictionary<string, string>? env)
    {
        var all = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "", ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "", ["OTEL_SERVICE_NAME"] = "",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "", ["OPENLINEAGE_URL"] = "", ["OPENLINEAGE_NAMESPACE"] = "", ["OPENLINEAGE_PARENT_ID"] = "",
            ["OPENLINEAGE_API_KEY"] = "",
        };
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            all[k] = v;
        }
        return all;
    }

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
