using System.Text.Json;
using Json.Schema;

namespace Landfall.IntegrationTests.Telemetry.Lineage;

/// <summary>
/// OpenLineage run events of real runs through each transport (file, HTTP to a real in-process server, stdout), every one validated
/// against the schema beside this file (README.md there: a stand-in, since the official schema could not be vendored).
/// </summary>
public sealed class LineageEventTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Telemetry", "Lineage", "runevent.stand-in.schema.json"))));

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    [Fact]
    public async Task A_date_that_lands_sends_start_then_complete_with_its_datasets_window_and_statistics_to_a_json_lines_file()
    {
        using var world = new TelemetryWorld("lineage:\n  transport: file\n  path: events.jsonl");

        var (outcome, _) = await world.RunAsync();

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        var events = Read(File.ReadAllLines(Path.Combine(world.Folder, "events.jsonl")));
        Assert.Equal(["START", "COMPLETE"], events.Select(e => e.GetProperty("eventType").GetString()));
        var manifest = Directory.GetFiles(Path.Combine(world.LakeRoot, "_manifests"), "run_id=*.json", SearchOption.AllDirectories).Single();
        var runId = Path.GetFileNameWithoutExtension(manifest)["run_id=".Length..];
        foreach (var e in events)
        {
            Assert.Equal(runId, e.GetProperty("run").GetProperty("runId").GetString());
            Assert.Equal("landfall-test", e.GetProperty("job").GetProperty("namespace").GetString());
            Assert.Equal("shop", e.GetProperty("job").GetProperty("name").GetString());
            var jobType = e.GetProperty("job").GetProperty("facets").GetProperty("jobType");
            Assert.Equal("BATCH", jobType.GetProperty("processingType").GetString());
            Assert.Equal("LANDFALL", jobType.GetProperty("integration").GetString());
            var nominal = e.GetProperty("run").GetProperty("facets").GetProperty("nominalTime");
            Assert.Equal("2026-01-10T00:00:00.000Z", nominal.GetProperty("nominalStartTime").GetString());
            Assert.Equal("2026-01-11T00:00:00.000Z", nominal.GetProperty("nominalEndTime").GetString());
            var input = Assert.Single(e.GetProperty("inputs").EnumerateArray());
            Assert.Equal("file", input.GetProperty("namespace").GetString());
            Assert.Equal(Path.Combine(world.Folder, "drop", "2026-01-10"), input.GetProperty("name").GetString());
        }
        var output = Assert.Single(events[1].GetProperty("outputs").EnumerateArray());
        Assert.Equal("file", output.GetProperty("namespace").GetString());
        Assert.Equal(Path.Combine(world.LakeRoot, $"bronze/source=shop/entity=orders/ingest_date=2026-01-10/run_id={runId}"),
            output.GetProperty("name").GetString());
        var statistics = output.GetProperty("outputFacets").GetProperty("outputStatistics");
        Assert.Equal(2, statistics.GetProperty("fileCount").GetInt32());
        Assert.Equal(35, statistics.GetProperty("size").GetInt64());
        Assert.False(events[1].GetProperty("run").GetProperty("facets").TryGetProperty("errorMessage", out _));

        // Run again: the date is done, nothing is done, no event.
        var (again, _) = await world.RunAsync();
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(world.Folder, "events.jsonl")).Length);
    }

    [Fact]
    public async Task A_failed_date_ends_with_fail_and_its_error_message()
    {
        using var world = new TelemetryWorld("lineage:\n  transport: file\n  path: events.jsonl", shopHasData: false);

        var (outcome, _) = await world.RunAsync();

        Assert.Equal(1, outcome.ExitCode);
        var events = Read(File.ReadAllLines(Path.Combine(world.Folder, "events.jsonl")));
        Assert.Equal(["START", "FAIL"], events.Select(e => e.GetProperty("eventType").GetString()));
        var error = events[1].GetProperty("run").GetProperty("facets").GetProperty("errorMessage");
        Assert.Contains("late", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("C#", error.GetProperty("programmingLanguage").GetString());
    }

    [Fact]
    public async Task The_http_transport_posts_each_event_with_the_api_key_and_the_orchestrators_parent_run()
    {
        using var receiver = new HttpReceiver();
        using var world = new TelemetryWorld($"lineage:\n  transport: http\n  url: {receiver.Url}/api/v1/lineage\n  namespace: team-a\n  job_name: ingest.{{source}}");
        var parentRun = Guid.NewGuid().ToString();

        var (outcome, _) = await world.RunAsync(new Dictionary<string, string>
        {
            ["OPENLINEAGE_API_KEY"] = "secret-key",
            ["OPENLINEAGE_PARENT_ID"] = $"airflow/daily_ingest.landfall_shop/{parentRun}",
        });

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.DoesNotContain("secret-key", outcome.Error, StringComparison.Ordinal);
        var posts = receiver.Requests.ToList();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal(("/api/v1/lineage", "POST"), (p.Path, p.Method)));
        Assert.All(posts, p => Assert.Equal("Bearer secret-key", p.Headers["Authorization"]));
        Assert.All(posts, p => Assert.StartsWith("application/json", p.Headers["Content-Type"], StringComparison.Ordinal));
        var events = Read(posts.Select(p => System.Text.Encoding.UTF8.GetString(p.Body)));
        Assert.Equal(["START", "COMPLETE"], events.Select(e => e.GetProperty("eventType").GetString()));
        foreach (var e in events)
        {
            Assert.Equal("team-a", e.GetProperty("job").GetProperty("namespace").GetString());
            Assert.Equal("ingest.shop", e.GetProperty("job").GetProperty("name").GetString());
            var parent = e.GetProperty("run").GetProperty("facets").GetProperty("parent");
            Assert.Equal(parentRun, parent.GetProperty("run").GetProperty("runId").GetString());
            Assert.Equal("airflow", parent.GetProperty("job").GetProperty("namespace").GetString());
            Assert.Equal("daily_ingest.landfall_shop", parent.GetProperty("job").GetProperty("name").GetString());
        }
    }

    [Fact]
    public async Task The_stdout_transport_prints_one_event_per_line()
    {
        using var world = new TelemetryWorld("lineage:\n  transport: stdout");

        var (outcome, _) = await world.RunAsync();

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        var events = Read(outcome.Out.Split('\n').Where(l => l.StartsWith("{\"eventType\"", StringComparison.Ordinal)));
        Assert.Equal(["START", "COMPLETE"], events.Select(e => e.GetProperty("eventType").GetString()));
    }

    [Theory]
    [InlineData("runId", "not-a-uuid")]
    [InlineData("eventType", "DONE")]
    [InlineData("eventTime", "yesterday")]
    [InlineData("_producer", null)]
    public void The_schema_refuses_what_the_spec_refuses(string field, string? value)
    {
        var valid = System.Text.Encoding.UTF8.GetString(Landfall.Telemetry.LineageEvent.Write(new Landfall.Telemetry.LineageEvent.Content
        {
            EventType = "FAIL", EventTime = DateTimeOffset.UtcNow, RunId = Guid.NewGuid().ToString(), JobNamespace = "ns", JobName = "job",
            NominalStart = DateTimeOffset.UnixEpoch, NominalEnd = DateTimeOffset.UnixEpoch.AddDays(1), ErrorMessage = "boom",
        }));
        Read([valid]);
        var node = System.Text.Json.Nodes.JsonNode.Parse(valid)!;
        var target = field switch
        {
            "runId" => node["run"]!.AsObject(),
            "_producer" => node["run"]!["facets"]!["errorMessage"]!.AsObject(),
            _ => node.AsObject(),
        };
        if (value is null)
        {
            target.Remove(field);
        }
        else
        {
            target[field] = value;
        }
        using var doc = JsonDocument.Parse(node.ToJsonString());
        Assert.False(Schema.Value.Evaluate(doc.RootElement, Evaluation).IsValid, $"{field} = {value ?? "(missing)"} must not validate");
    }

    /// <summary>Parses every event and validates it against the schema.</summary>
    private static List<JsonElement> Read(IEnumerable<string> lines)
    {
        var events = new List<JsonElement>();
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            var results = Schema.Value.Evaluate(doc.RootElement, Evaluation);
            Assert.True(results.IsValid, $"not a valid RunEvent:\n{Describe(results)}\n{line}");
            events.Add(doc.RootElement.Clone());
        }
        return events;
    }

    private static string Describe(EvaluationResults results) => string.Join('\n',
        (results.Details ?? []).Append(results)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}) {e.Key}: {e.Value}")));
}
