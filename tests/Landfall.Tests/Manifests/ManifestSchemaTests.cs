using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Landfall.Lake;
using Landfall.Lake.Local;
using Landfall.Layout;
using Landfall.Manifests;
using Landfall.Reconcile;
using Landfall.Runs;
using Landfall.Testing;

namespace Landfall.Tests.Manifests;

/// <summary>
/// docs/manifest.schema.json describes the manifests the runner really writes: every kind of run is produced with a
/// <see cref="TestWorld"/> over a local-folder lake and its manifest validated against the schema.
/// </summary>
public sealed class ManifestSchemaTests : IDisposable
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(SchemaPath())));

    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    private readonly string _lakeRoot;
    private readonly TestWorld _world;

    public ManifestSchemaTests()
    {
        _lakeRoot = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
        _world = new TestWorld(new LocalFolderLake(_lakeRoot), LakeYaml);
    }

    private string LakeYaml => $"lake:\n  kind: local\n  path: {_lakeRoot}\n";

    public void Dispose()
    {
        _world.Dispose();
        try
        {
            Directory.Delete(_lakeRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task A_successful_run_writes_a_manifest_valid_against_the_schema()
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(1));

        var results = await RunAsync(TestWorld.D(1), new RunOptions());

        Assert.Equal(2, results.Count);
        foreach (var result in results)
        {
            Assert.Equal(RunStatus.Success, result.Status);
            var manifest = await ValidManifestAsync(result.ManifestKey);
            Assert.Equal("success", manifest.GetProperty("status").GetString());
            Assert.Empty(manifest.GetProperty("errors").EnumerateArray());
            Assert.NotEmpty(manifest.GetProperty("outputs").GetProperty("items").GetProperty("objects").EnumerateArray());
        }
    }

    [Fact]
    public async Task A_failed_run_with_errors_and_entities_not_run_is_valid()
    {
        WriteConfig("""
              - name: multi
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: first
                    directory: drop/multi/{date}
                    glob: "first*.csv"
                  - name: second
                    directory: drop/multi/{date}
                    glob: "second*.csv"
            """);

        var result = Assert.Single(await RunAsync(TestWorld.D(8), new RunOptions()));

        Assert.Equal(RunStatus.Failed, result.Status);
        var manifest = await ValidManifestAsync(result.ManifestKey);
        Assert.Equal("failed", manifest.GetProperty("status").GetString());
        var error = Assert.Single(manifest.GetProperty("errors").EnumerateArray());
        Assert.Equal("first", error.GetProperty("entity").GetString());
        Assert.Equal("late", error.GetProperty("type").GetString());
        Assert.StartsWith("no_files_yet: ", error.GetProperty("message").GetString());
        Assert.Equal(["second"], manifest.GetProperty("entities_not_run").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_forced_run_that_supersedes_a_success_is_valid()
    {
        _world.DropAll(TestWorld.D(5), TestWorld.D(5));
        var first = await RunAsync(TestWorld.D(5), new RunOptions { Sources = ["alpha"] });

        var forced = Assert.Single(await RunAsync(TestWorld.D(5), new RunOptions { Sources = ["alpha"], Force = true }));

        Assert.Equal(RunStatus.Success, forced.Status);
        var manifest = await ValidManifestAsync(forced.ManifestKey);
        var supersedes = manifest.GetProperty("supersedes");
        Assert.Equal(first[0].RunId, supersedes.GetProperty("run_id").GetString());
        Assert.Equal(first[0].ManifestKey, supersedes.GetProperty("key").GetString());
    }

    [Fact]
    public async Task A_reconcile_reingest_that_records_its_reason_and_the_drift_is_valid()
    {
        _world.DropAll(TestWorld.D(6), TestWorld.D(6));
        var removed = _world.Drop("alpha", TestWorld.D(6), "part-2.csv");
        var first = Assert.Single(await RunAsync(TestWorld.D(6), new RunOptions { Sources = ["alpha"] }));
        File.Delete(removed);
        _world.Drop("alpha", TestWorld.D(6), "part-3.csv");
        File.AppendAllText(Path.Combine(_world.Folder, "drop", "alpha", "2026-01-06", "part-1.csv"), "2,alpha,late\n");

        var report = await _world.Host().ReconcileAsync(
            new ReconcileRequest { From = TestWorld.D(6), To = TestWorld.D(6), Sources = ["alpha"], Apply = true }, CancellationToken.None);

        var reingest = Assert.Single(report.Results).Reingest!;
        Assert.Equal(RunStatus.Success, reingest.Status);
        var manifest = await ValidManifestAsync(reingest.ManifestKey);
        Assert.Equal("reconcile", manifest.GetProperty("reason").GetString());
        Assert.Equal(first.RunId, manifest.GetProperty("supersedes").GetProperty("run_id").GetString());
        var changes = manifest.GetProperty("drift").GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("change").GetString());
        Assert.Equal(["added", "changed", "removed"], changes.Order());
    }

    [Fact]
    public async Task Manifests_with_schema_evidence_expectations_warnings_and_acceptance_are_valid()
    {
        WriteConfig("""
              - name: contract
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: items
                    directory: drop/contract/{date}
                    format: csv
                    schema_contract: warn
                    expect:
                      min_rows: {value: 5, level: warn}
                      trailing: {min_dates: 1, level: fail}
            """);
        Directory.CreateDirectory(Path.Combine(_world.Folder, "drop", "contract", "2026-01-01"));
        Directory.CreateDirectory(Path.Combine(_world.Folder, "drop", "contract", "2026-01-02"));
        File.WriteAllText(Path.Combine(_world.Folder, "drop", "contract", "2026-01-01", "a.csv"), "id,amount\n1,2\n2,3\n3,4\n4,5\n5,6\n6,7\n");
        File.WriteAllText(Path.Combine(_world.Folder, "drop", "contract", "2026-01-02", "a.csv"), "id,note\n1,x\n");

        var first = Assert.Single(await RunAsync(TestWorld.D(1), new RunOptions()));
        var warned = Assert.Single(await RunAsync(TestWorld.D(2), new RunOptions { AcceptExpectations = true, AcceptedBy = "ana" }));

        await ValidManifestAsync(first.ManifestKey);
        var manifest = await ValidManifestAsync(warned.ManifestKey);
        Assert.Equal(RunStatus.Success, warned.Status);
        Assert.True(manifest.GetProperty("warnings").GetArrayLength() >= 1);
        Assert.Equal("ana", manifest.GetProperty("accepted")[0].GetProperty("by").GetString());
        Assert.Equal("warn", manifest.GetProperty("outputs").GetProperty("items").GetProperty("schema_change").GetProperty("mode").GetString());
    }

    public static TheoryData<string, string> Unreadable => new()
    {
        { "manifest_decode_failed", "{\"status\": \"succ" },
        { "manifest_decode_failed", "\uFEFF{\"status\": \"success\"}" },
        { "manifest_not_object", "[\"success\"]" },
        { "manifest_status_invalid", "{\"status\": 1}" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task A_run_that_passed_over_an_unreadable_manifest_is_valid(string reason, string body)
    {
        _world.DropAll(TestWorld.D(2), TestWorld.D(2));
        await RunAsync(TestWorld.D(2), new RunOptions { Sources = ["alpha"] });
        var corruptKey = ManifestKeys.Key("alpha", TestWorld.D(2), Guid.CreateVersion7().ToString());
        await _world.Lake.PutAsync(corruptKey, new MemoryStream(Encoding.UTF8.GetBytes(body)), ManifestFormat.ContentType, CancellationToken.None);
        // Newest by LastModified, whatever the file system's timestamp resolution.
        File.SetLastWriteTimeUtc(Path.Combine(_lakeRoot, corruptKey), DateTime.UtcNow.AddMinutes(1));

        var again = Assert.Single(await RunAsync(TestWorld.D(2), new RunOptions { Sources = ["alpha"] }));

        Assert.Equal(RunStatus.Success, again.Status);
        var manifest = await ValidManifestAsync(again.ManifestKey);
        var passed = Assert.Single(manifest.GetProperty("passed_over").EnumerateArray());
        Assert.Equal(corruptKey, passed.GetProperty("key").GetString());
        Assert.Equal(reason, passed.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_allow_empty_entity_with_no_files_gives_a_valid_success()
    {
        WriteConfig("""
              - name: quiet
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: items
                    directory: drop/quiet/{date}
                    allow_empty: true
            """);

        var result = Assert.Single(await RunAsync(TestWorld.D(3), new RunOptions()));

        Assert.Equal(RunStatus.Success, result.Status);
        var manifest = await ValidManifestAsync(result.ManifestKey);
        var items = manifest.GetProperty("outputs").GetProperty("items");
        Assert.True(items.GetProperty("empty").GetBoolean());
        Assert.Empty(items.GetProperty("objects").EnumerateArray());
        Assert.Equal(0, items.GetProperty("totals").GetProperty("objects").GetInt32());
    }

    [Fact]
    public async Task A_source_wide_error_without_an_entity_is_valid()
    {
        var manifest = new Manifest
        {
            LandfallVersion = LandfallVersion.Current,
            Source = "alpha",
            SourceKind = "files",
            Env = "test",
            RunId = Guid.CreateVersion7().ToString(),
            IngestDate = "2026-01-04",
            Status = ManifestStatus.Failed,
            StartedAt = DateTimeOffset.UtcNow.AddSeconds(-1),
            EndedAt = DateTimeOffset.UtcNow,
            Errors = [new ManifestError(null, "cancelled", "The run was cancelled.")],
            EntitiesNotRun = ["items"],
        };

        var key = await _world.Store().WriteAsync(manifest, CancellationToken.None);

        var written = await ValidManifestAsync(key);
        // Every error names its entity, null for the source as a whole (docs/manifest.md).
        Assert.Equal(System.Text.Json.JsonValueKind.Null, written.GetProperty("errors")[0].GetProperty("entity").ValueKind);
    }

    [Fact]
    public async Task Extra_fields_at_any_level_are_allowed()
    {
        _world.DropAll(TestWorld.D(6), TestWorld.D(6));
        var result = (await RunAsync(TestWorld.D(6), new RunOptions { Sources = ["alpha"] }))[0];
        var node = await ManifestNodeAsync(result.ManifestKey);

        node["written_by"] = "python";
        node["outputs"]!["items"]!["snapshot"] = "abc";
        node["outputs"]!["items"]!["objects"]![0]!["version_id"] = "v1";

        AssertValid(node);
    }

    public static TheoryData<string> Breakages => new()
    {
        "no_status",
        "status_done",
        "status_null",
        "bad_ingest_date",
        "bad_started_at",
        "no_outputs",
        "error_without_type",
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public async Task A_manifest_that_breaks_the_protocol_fails_validation(string breakage)
    {
        _world.DropAll(TestWorld.D(7), TestWorld.D(7));
        var result = (await RunAsync(TestWorld.D(7), new RunOptions { Sources = ["alpha"] }))[0];
        var node = await ManifestNodeAsync(result.ManifestKey);
        AssertValid(node);

        switch (breakage)
        {
            case "no_status":
                node.Remove("status");
                break;
            case "status_done":
                node["status"] = "done";
                break;
            case "status_null":
                node["status"] = null;
                break;
            case "bad_ingest_date":
                node["ingest_date"] = "2026-1-7";
                break;
            case "bad_started_at":
                node["started_at"] = "yesterday";
                break;
            case "no_outputs":
                node.Remove("outputs");
                break;
            case "error_without_type":
                node["errors"] = new JsonArray(new JsonObject { ["entity"] = "items", ["message"] = "boom" });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(breakage), breakage, null);
        }

        Assert.False(Evaluate(node).IsValid, $"a manifest with {breakage} must not validate");
    }

    private void WriteConfig(string sources) => File.WriteAllText(_world.ConfigPath, $"""
        env: test
        {LakeYaml}
        sources:
        {sources}
        """);

    private async Task<IReadOnlyList<RunResult>> RunAsync(DateOnly date, RunOptions options) =>
        await _world.Runner().RunDateAsync(date, options, CancellationToken.None);

    private async Task<JsonElement> ValidManifestAsync(string? key)
    {
        Assert.NotNull(key);
        var bytes = await _world.Lake.ReadSmallAsync(key, 1 << 20, CancellationToken.None);
        using var doc = JsonDocument.Parse(bytes);
        var results = Schema.Value.Evaluate(doc.RootElement, Evaluation);
        Assert.True(results.IsValid, $"{key} does not match docs/manifest.schema.json:\n{Describe(results)}\n{Encoding.UTF8.GetString(bytes)}");
        return doc.RootElement.Clone();
    }

    private async Task<JsonObject> ManifestNodeAsync(string? key)
    {
        Assert.NotNull(key);
        var bytes = await _world.Lake.ReadSmallAsync(key, 1 << 20, CancellationToken.None);
        return JsonNode.Parse(bytes)!.AsObject();
    }

    private static void AssertValid(JsonObject node)
    {
        var results = Evaluate(node);
        Assert.True(results.IsValid, Describe(results));
    }

    private static EvaluationResults Evaluate(JsonObject node)
    {
        using var doc = JsonDocument.Parse(node.ToJsonString());
        return Schema.Value.Evaluate(doc.RootElement, Evaluation);
    }

    private static string Describe(EvaluationResults results) => string.Join('\n',
        (results.Details ?? []).Append(results)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}) {e.Key}: {e.Value}")));

    /// <summary>docs/manifest.schema.json of the repository the tests were built from.</summary>
    private static string SchemaPath() => RepoPaths.Docs("manifest.schema.json");
}
