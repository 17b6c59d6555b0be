using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Landfall.Lake;
using Landfall.Lake.Local;
using Landfall.Layout;
using Landfall.Manifests;
using Landfall.Planning;
using Landfall.Testing;
using Microsoft.Extensions.Logging;

namespace Landfall.Tests.Manifests;

/// <summary>
/// ManifestParser.Parse never throws and fails open: only a JSON object whose status is exactly "success" is a success,
/// as the seed's <c>manifest.get("status") == "success"</c>.
/// </summary>
public sealed class ManifestReaderTests : IDisposable
{
    private static readonly LakeObjectInfo Info =
        new("_manifests/source=alpha/ingest_date=2026-01-02/run_id=r1.json", 0, DateTimeOffset.UnixEpoch, null);

    private readonly string _root = Directory.CreateTempSubdirectory("landfall-manifests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Manifest Valid(ManifestStatus status = ManifestStatus.Success, DateTimeOffset? startedAt = null) => new()
    {
        LandfallVersion = "0.1.0",
        Source = "alpha",
        SourceKind = "files",
        Env = "test",
        RunId = "0190a3e2-0000-7000-8000-000000000001",
        IngestDate = "2026-01-02",
        Status = status,
        StartedAt = startedAt ?? new DateTimeOffset(2026, 1, 3, 6, 0, 0, TimeSpan.Zero).AddTicks(1234560),
        EndedAt = new DateTimeOffset(2026, 1, 3, 6, 0, 2, TimeSpan.Zero).AddTicks(6543210),
        DurationMs = 2530,
        Host = "worker-1",
        Errors = [],
        Outputs = new()
        {
            ["items"] = new EntityOutput
            {
                Objects =
                [
                    new OutputObject
                    {
                        Key = "bronze/source=alpha/entity=items/ingest_date=2026-01-02/run_id=0190a3e2-0000-7000-8000-000000000001/a.csv",
                        Bytes = 42,
                        Sha256 = new string('a', 64),
                        SourcePath = "/drop/alpha/2026-01-02/a.csv",
                        SourceModifiedAt = new DateTimeOffset(2026, 1, 2, 23, 59, 59, TimeSpan.Zero).AddTicks(10),
                    },
                ],
                Totals = new EntityTotals(1, 42),
            },
        },
        EntitiesNotRun = [],
        Supersedes = new ManifestReference("0190a3e2-0000-7000-8000-000000000000", "_manifests/x.json"),
        PassedOver = [new PassedOverManifest("_manifests/y.json", "manifest_decode_failed")],
    };

    private static byte[] ValidBytes() => ManifestFormat.Serialize(Valid());

    /// <summary>Reads every derived property too: none of them may throw on a hostile document.</summary>
    private static ManifestRead ParseAndTouch(byte[] body)
    {
        var read = ManifestParser.Parse(Info, body);
        _ = read.IsSuccess;
        _ = read.RunId;
        _ = read.StartedAt;
        _ = read.EndedAt;
        _ = read.Errors;
        _ = read.FailureReason;
        _ = read.GetString("env");
        return read;
    }

    [Fact]
    public void A_valid_success_manifest_is_a_success()
    {
        var read = ParseAndTouch(ValidBytes());
        Assert.Equal(ManifestReadOutcome.Ok, read.Outcome);
        Assert.True(read.IsSuccess);
        Assert.Null(read.FailureReason);
    }

    [Fact]
    public void Two_thousand_random_byte_arrays_never_throw_and_are_never_a_success()
    {
        var random = new Random(20260102);
        for (var i = 0; i < 2000; i++)
        {
            var body = new byte[random.Next(0, 513)];
            random.NextBytes(body);
            var read = ParseAndTouch(body);
            Assert.False(read.IsSuccess, $"random array #{i} read as success");
            Assert.NotEqual(ManifestReadOutcome.ReadFailed, read.Outcome);
        }
    }

    [Fact]
    public void Random_documents_from_a_json_alphabet_never_throw_and_are_never_a_success()
    {
        string[] tokens = ["{", "}", "[", "]", ":", ",", "\"status\"", "\"success\"", "\"", "1", "-", "e", "null", "true", " ", "\n", "\\", "\\u00", "\u00e9", "\0"];
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var sb = new StringBuilder();
            var count = random.Next(0, 60);
            for (var t = 0; t < count; t++)
            {
                sb.Append(tokens[random.Next(tokens.Length)]);
            }
            var text = sb.ToString();
            var read = ParseAndTouch(Encoding.UTF8.GetBytes(text));
            if (read.IsSuccess)
            {
                // Only possible when it really is an object whose status is exactly "success".
                using var doc = JsonDocument.Parse(text);
                Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
            }
        }
    }

    [Fact]
    public void Every_truncation_of_a_valid_success_manifest_is_not_a_success()
    {
        var body = ValidBytes();
        Assert.True(ManifestParser.Parse(Info, body).IsSuccess);
        for (var length = 0; length < body.Length; length++)
        {
            var read = ParseAndTouch(body[..length]);
            Assert.False(read.IsSuccess, $"the first {length} of {body.Length} bytes read as success");
            Assert.Equal(ManifestReadOutcome.DecodeFailed, read.Outcome);
        }
    }

    [Fact]
    public void A_20_MB_manifest_with_a_huge_outputs_block_is_a_success()
    {
        var manifest = Valid();
        var objects = Enumerable.Range(0, 60_000).Select(i => new OutputObject
        {
            Key = $"bronze/source=alpha/entity=events/ingest_date=2026-01-02/run_id={manifest.RunId}/part-{i:D6}.jsonl.gz",
            Bytes = 1_000_000 + i,
            Sha256 = Convert.ToHexStringLower(BitConverter.GetBytes((long)i)).PadLeft(64, '0'),
            SourcePath = $"/mnt/partner/drop/events/2026/01/02/part-{i:D6}.jsonl.gz",
            SourceModifiedAt = manifest.StartedAt.AddSeconds(-i),
        }).ToList();
        manifest.Outputs["events"] = new EntityOutput { Objects = objects, Totals = new EntityTotals(objects.Count, objects.Sum(o => o.Bytes)) };

        var body = ManifestFormat.Serialize(manifest);

        Assert.True(body.Length > 20 * 1024 * 1024, $"only {body.Length} bytes");
        var read = ManifestParser.Parse(Info, body);
        Assert.True(read.IsSuccess);
        Assert.Equal(manifest.RunId, read.RunId);
        Assert.Equal(60_000, read.TryBind()!.Outputs["events"].Objects.Count);
    }

    [Fact]
    public void Ten_thousand_nested_arrays_are_decode_failed_without_a_stack_overflow()
    {
        var body = Encoding.ASCII.GetBytes(new string('[', 10_000) + new string(']', 10_000));
        var read = ParseAndTouch(body);
        Assert.Equal(ManifestReadOutcome.DecodeFailed, read.Outcome);
        Assert.False(read.IsSuccess);
    }

    [Fact]
    public void Deep_nesting_inside_a_success_manifest_is_decode_failed()
    {
        var body = Encoding.ASCII.GetBytes("{\"status\":\"success\",\"outputs\":" + new string('[', 10_000) + new string(']', 10_000) + "}");
        var read = ParseAndTouch(body);
        Assert.Equal(ManifestReadOutcome.DecodeFailed, read.Outcome);
        Assert.False(read.IsSuccess);
    }

    public static TheoryData<string> WrongValues => new() { "1", "[]", "null", "{}", "true", "\"\"", "-1.5e300", "[\"success\"]", "{\"status\":\"success\"}" };

    [Theory]
    [MemberData(nameof(WrongValues))]
    public void A_wrong_type_in_any_field_but_status_leaves_the_status_string_to_decide(string replacement)
    {
        var original = JsonNode.Parse(ValidBytes())!.AsObject();
        var fields = original.Select(p => p.Key).ToList();
        Assert.Superset(new HashSet<string> { "source", "env", "run_id", "ingest_date", "status", "started_at", "ended_at", "errors", "outputs" },
            fields.ToHashSet());
        foreach (var field in fields)
        {
            var document = original.DeepClone().AsObject();
            document[field] = JsonNode.Parse(replacement);
            var read = ParseAndTouch(Encoding.UTF8.GetBytes(document.ToJsonString()));
            if (field == "status")
            {
                Assert.False(read.IsSuccess, $"status = {replacement} read as success");
                Assert.Equal(replacement.StartsWith('"') ? ManifestReadOutcome.Ok : ManifestReadOutcome.StatusInvalid, read.Outcome);
            }
            else
            {
                Assert.True(read.IsSuccess, $"{field} = {replacement} made a success manifest not a success");
            }
        }
    }

    [Theory]
    [MemberData(nameof(WrongValues))]
    public void Binding_a_manifest_with_a_wrong_type_in_any_field_never_throws(string replacement)
    {
        var original = JsonNode.Parse(ValidBytes())!.AsObject();
        foreach (var field in original.Select(p => p.Key).ToList())
        {
            var document = original.DeepClone().AsObject();
            document[field] = JsonNode.Parse(replacement);
            var read = ManifestParser.Parse(Info, Encoding.UTF8.GetBytes(document.ToJsonString()));
            var exception = Record.Exception(() => read.TryBind());
            Assert.True(exception is null, $"TryBind threw for {field} = {replacement}: {exception}");
        }
    }

    [Fact]
    public void A_manifest_without_a_status_is_status_invalid()
    {
        var document = JsonNode.Parse(ValidBytes())!.AsObject();
        document.Remove("status");
        var read = ParseAndTouch(Encoding.UTF8.GetBytes(document.ToJsonString()));
        Assert.Equal(ManifestReadOutcome.StatusInvalid, read.Outcome);
        Assert.False(read.IsSuccess);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_decode_failed()
    {
        var read = ParseAndTouch([0xEF, 0xBB, 0xBF, .. ValidBytes()]);
        Assert.Equal(ManifestReadOutcome.DecodeFailed, read.Outcome);
        Assert.False(read.IsSuccess);
    }

    [Theory]
    [InlineData("""{"status":"failed","status":"success"}""")]
    [InlineData("""{"status":"success","status":"failed"}""")]
    [InlineData("""{"status":"success","status":"success"}""")]
    [InlineData("""{"status":"success","env":"a","env":"b"}""")]
    public void Duplicate_keys_are_decode_failed(string json)
    {
        var read = ParseAndTouch(Encoding.UTF8.GetBytes(json));
        Assert.Equal(ManifestReadOutcome.DecodeFailed, read.Outcome);
        Assert.False(read.IsSuccess);
    }

    [Theory]
    [InlineData("Success")]
    [InlineData("SUCCESS")]
    [InlineData(" success")]
    [InlineData("success ")]
    [InlineData("success\n")]
    [InlineData("succes")]
    [InlineData("")]
    [InlineData("failed")]
    [InlineData("\u0073uccess\u0000")]
    public void Only_the_exact_status_success_is_a_success(string status)
    {
        // Written as another tool would: the typed model only writes success or failed.
        var document = System.Text.Json.Nodes.JsonNode.Parse(ManifestFormat.Serialize(Valid()))!;
        document["status"] = status;
        var read = ParseAndTouch(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString()));
        Assert.Equal(ManifestReadOutcome.Ok, read.Outcome);
        Assert.Equal(status, read.StatusText);
        Assert.Equal(status == "failed" ? ManifestStatus.Failed : ManifestStatus.Unknown, read.Status);
        Assert.False(read.IsSuccess);
    }

    [Theory]
    [InlineData("[]", nameof(ManifestReadOutcome.NotObject))]
    [InlineData("\"success\"", nameof(ManifestReadOutcome.NotObject))]
    [InlineData("null", nameof(ManifestReadOutcome.NotObject))]
    [InlineData("", nameof(ManifestReadOutcome.DecodeFailed))]
    [InlineData("{\"status\":\"success\"} {}", nameof(ManifestReadOutcome.DecodeFailed))]
    [InlineData("{\"status\":\"success\",}", nameof(ManifestReadOutcome.DecodeFailed))]
    [InlineData("{\"status\":\"success\"/* c */}", nameof(ManifestReadOutcome.DecodeFailed))]
    [InlineData("{'status':'success'}", nameof(ManifestReadOutcome.DecodeFailed))]
    [InlineData("{\"status\":\"success\"}", nameof(ManifestReadOutcome.Ok))]
    [InlineData(" \n{\"status\":\"success\"}\n ", nameof(ManifestReadOutcome.Ok))]
    public void Documents_are_classified_strictly(string json, string outcome)
    {
        var expected = Enum.Parse<ManifestReadOutcome>(outcome);
        var read = ParseAndTouch(Encoding.UTF8.GetBytes(json));
        Assert.Equal(expected, read.Outcome);
        Assert.Equal(expected == ManifestReadOutcome.Ok, read.IsSuccess);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("run_id")]
    [InlineData("started_at")]
    public void Invalid_utf8_inside_a_string_is_decode_failed_and_never_throws(string field)
    {
        var document = JsonNode.Parse(ValidBytes())!.AsObject();
        document[field] = "succ#INVALID#ess";
        var json = document.ToJsonString();
        var at = json.IndexOf("#INVALID#", StringComparison.Ordinal);
        // 0xC3 0x28 is not UTF-8: a lead byte followed by an ASCII byte.
        byte[] text = [.. Encoding.UTF8.GetBytes(json[..at]), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(json[(at + "#INVALID#".Length)..])];
        var exception = Record.Exception(() => ParseAndTouch(text));
        Assert.Null(exception);
        var read = ManifestParser.Parse(Info, text);
        Assert.Equal(ManifestReadOutcome.DecodeFailed, read.Outcome);
        Assert.False(read.IsSuccess);
    }

    [Fact]
    public async Task Find_latest_fails_open_on_a_manifest_with_invalid_utf8_in_its_status()
    {
        var lake = new LocalFolderLake(_root);
        var logs = new CapturingLoggerProvider();
        var date = new DateOnly(2026, 1, 2);
        var key = ManifestKeys.Key("alpha", date, "r1");
        byte[] body = [.. "{\"status\": \"succ"u8, 0xC3, 0x28, .. "ess\"}"u8];
        await lake.PutAsync(key, new MemoryStream(body), "application/json", CancellationToken.None);

        var latest = await new TestManifests(lake, logs.CreateLogger("test")).LatestAsync("alpha", date, CancellationToken.None);

        Assert.NotNull(latest);
        Assert.False(latest.IsSuccess);
        Assert.Equal("manifest_decode_failed", Assert.Single(logs.Events).EventName);
        Assert.True(IngestDecision.From(latest, force: false).Ingest);
    }

    // ---- round trip ----

    [Fact]
    public void A_serialized_manifest_round_trips_as_snake_case_utc_microseconds_without_a_bom()
    {
        // 06:00:00.123456 at +02:00 is 04:00:00.123456 UTC.
        var manifest = Valid(startedAt: new DateTimeOffset(2026, 1, 3, 6, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234560));
        var body = ManifestFormat.Serialize(manifest);
        Assert.False(body.Length >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF, "starts with a byte-order mark");

        using var doc = JsonDocument.Parse(body);
        AssertSnakeCase(doc.RootElement, "");
        var root = doc.RootElement;
        Assert.Equal("2026-01-03T04:00:00.123456Z", root.GetProperty("started_at").GetString());
        Assert.Matches(Instant, root.GetProperty("ended_at").GetString());
        var obj = root.GetProperty("outputs").GetProperty("items").GetProperty("objects")[0];
        Assert.Matches(Instant, obj.GetProperty("source_modified_at").GetString());
        Assert.Equal("a.csv", obj.GetProperty("source_path").GetString()![^5..]);
        Assert.Equal(manifest.RunId, root.GetProperty("run_id").GetString());
        Assert.Equal(1, root.GetProperty("manifest_version").GetInt32());

        var read = ManifestParser.Parse(Info, body);
        Assert.Equal(ManifestReadOutcome.Ok, read.Outcome);
        Assert.True(read.IsSuccess);
        Assert.Equal(manifest.RunId, read.RunId);
        Assert.Equal(manifest.StartedAt, read.StartedAt);
        Assert.Equal(manifest.EndedAt, read.EndedAt);
        var bound = read.TryBind();
        Assert.NotNull(bound);
        Assert.Equal(manifest.StartedAt, bound.StartedAt);
        Assert.Equal(42, bound.Outputs["items"].Objects[0].Bytes);
        Assert.Equal(manifest.Supersedes, bound.Supersedes);
    }

    private const string Instant = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$";

    private static void AssertSnakeCase(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
            {
                // outputs is keyed by entity name, not by field name.
                if (!path.EndsWith(".outputs", StringComparison.Ordinal))
                {
                    Assert.Matches("^[a-z][a-z0-9_]*$", p.Name);
                }
                AssertSnakeCase(p.Value, $"{path}.{p.Name}");
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                AssertSnakeCase(item, path + "[]");
            }
        }
    }

    // ---- the seed's manifests ----

    /// <summary>What the seed's <c>json.dumps(manifest.model_dump(), indent=2, default=str)</c> writes.</summary>
    private const string SeedManifest = """
        {
          "source": "alpha",
          "env": "dev",
          "run_id": "6f1c2a4e-9b7d-4c1e-8f3a-2d5b6c7e8f90",
          "ingest_date": "2026-01-02",
          "status": "success",
          "started_at": "2026-01-02 03:04:05.123456+00:00",
          "ended_at": "2026-01-02 03:04:06+00:00",
          "errors": [],
          "outputs": {}
        }
        """;

    [Fact]
    public async Task A_seed_written_manifest_is_read_as_success_with_its_run_id_and_times()
    {
        var lake = new LocalFolderLake(_root);
        var date = new DateOnly(2026, 1, 2);
        var key = ManifestKeys.Key("alpha", date, "6f1c2a4e-9b7d-4c1e-8f3a-2d5b6c7e8f90");
        var info = await lake.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(SeedManifest)), "application/json", CancellationToken.None);

        var read = await ManifestParser.ReadAsync(lake, info, ManifestParser.DefaultMaxManifestBytes, CancellationToken.None);
        Assert.Equal(ManifestReadOutcome.Ok, read.Outcome);
        Assert.True(read.IsSuccess);
        Assert.Equal("6f1c2a4e-9b7d-4c1e-8f3a-2d5b6c7e8f90", read.RunId);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560), read.StartedAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.Zero), read.EndedAt);
        Assert.Empty(read.Errors);

        var store = new TestManifests(lake);
        var latest = await store.LatestAsync("alpha", date, CancellationToken.None);
        Assert.NotNull(latest);
        Assert.True(latest.IsSuccess);
        Assert.Equal("6f1c2a4e-9b7d-4c1e-8f3a-2d5b6c7e8f90", latest.RunId);
        Assert.Equal(read.StartedAt, latest.StartedAt);
        Assert.Equal(date, await store.LatestSuccessfulDateAsync("alpha", CancellationToken.None));
        Assert.False(IngestDecision.From(latest, force: false).Ingest);
    }

    // ---- warnings ----

    [Theory]
    [InlineData("{\"status\": \"succ", "manifest_decode_failed")]
    [InlineData("[\"success\"]", "manifest_not_object")]
    [InlineData("{\"env\": \"dev\"}", "manifest_status_invalid")]
    [InlineData("{\"status\": 1}", "manifest_status_invalid")]
    public async Task Find_latest_logs_a_warning_naming_the_reason_and_the_key(string body, string eventName)
    {
        var lake = new LocalFolderLake(_root);
        var logs = new CapturingLoggerProvider();
        var date = new DateOnly(2026, 1, 2);
        var key = ManifestKeys.Key("alpha", date, "r1");
        await lake.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(body)), "application/json", CancellationToken.None);

        var latest = await new TestManifests(lake, logs.CreateLogger("test")).LatestAsync("alpha", date, CancellationToken.None);

        Assert.NotNull(latest);
        Assert.False(latest.IsSuccess);
        Assert.Equal(eventName, latest.FailureReason);
        var warning = Assert.Single(logs.Events);
        Assert.Equal(eventName, warning.EventName);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(key, warning.Message);
    }
}
