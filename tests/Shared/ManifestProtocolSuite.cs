using System.Text;
using System.Text.Json;
using Landfall.Lake;
using Landfall.Layout;
using Landfall.Manifests;
using Landfall.Planning;
using Landfall.Runs;

namespace Landfall.Testing;

/// <summary>
/// The manifest protocol, run against every lake: the local folder in the unit tests, a real S3-compatible server in the
/// integration tests. Each test gets a fresh, empty lake (a new folder or a new key prefix).
/// </summary>
public abstract class ManifestProtocolSuite : IDisposable
{
    private TestWorld? _world;

    /// <summary>A fresh, empty lake, and the YAML lake section that points at it.</summary>
    protected abstract (ILake Lake, string Yaml) CreateLake();

    /// <summary>Makes the given manifests share one LastModified, when the lake allows it; false when it cannot.</summary>
    protected abstract Task<bool> ForceSameLastModifiedAsync(IReadOnlyList<string> keys);

    protected TestWorld World => _world ??= CreateWorld();

    protected ILake Lake => World.Lake;

    private TestWorld CreateWorld()
    {
        var (lake, yaml) = CreateLake();
        return new TestWorld(lake, yaml);
    }

    public void Dispose()
    {
        _world?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static Manifest Sample(string source, DateOnly date, ManifestStatus status, string? runId = null, DateTimeOffset? endedAt = null) => new()
    {
        Source = source,
        Env = "test",
        RunId = runId ?? Guid.CreateVersion7().ToString(),
        IngestDate = ManifestKeys.FormatDate(date),
        Status = status,
        StartedAt = (endedAt ?? DateTimeOffset.UtcNow).AddSeconds(-1),
        EndedAt = endedAt ?? DateTimeOffset.UtcNow,
    };

    protected Task PutRawAsync(string key, byte[] body) =>
        Lake.PutAsync(key, new MemoryStream(body), ManifestFormat.ContentType, CancellationToken.None);

    [Fact]
    public async Task Run_writes_the_manifest_at_the_seed_key_layout_with_the_seed_fields()
    {
        World.DropAll(TestWorld.D(1), TestWorld.D(1));

        var results = await World.Runner().RunDateAsync(TestWorld.D(1), new RunOptions(), CancellationToken.None);

        var result = Assert.Single(results, r => r.Source == "alpha");
        Assert.Equal(RunStatus.Success, result.Status);
        Assert.Equal($"_manifests/source=alpha/ingest_date=2026-01-01/run_id={result.RunId}.json", result.ManifestKey);
        Assert.True(Guid.TryParse(result.RunId, out _));
        var info = await Lake.HeadAsync(result.ManifestKey!, CancellationToken.None);
        Assert.NotNull(info);
        using var doc = JsonDocument.Parse(await Lake.ReadSmallAsync(result.ManifestKey!, 1 << 20, CancellationToken.None));
        var root = doc.RootElement;
        Assert.Equal("alpha", root.GetProperty("source").GetString());
        Assert.Equal("test", root.GetProperty("env").GetString());
        Assert.Equal(result.RunId, root.GetProperty("run_id").GetString());
        Assert.Equal("2026-01-01", root.GetProperty("ingest_date").GetString());
        Assert.Equal("success", root.GetProperty("status").GetString());
        Assert.EndsWith("Z", root.GetProperty("started_at").GetString());
        Assert.EndsWith("Z", root.GetProperty("ended_at").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("errors").ValueKind);
        var items = root.GetProperty("outputs").GetProperty("items");
        var obj = Assert.Single(items.GetProperty("objects").EnumerateArray());
        var key = obj.GetProperty("key").GetString()!;
        Assert.StartsWith($"bronze/source=alpha/entity=items/ingest_date=2026-01-01/run_id={result.RunId}/", key);
        var stored = await Lake.HeadAsync(key, CancellationToken.None);
        Assert.Equal(stored!.Size, obj.GetProperty("bytes").GetInt64());
        var bytes = await Lake.ReadSmallAsync(key, 1 << 20, CancellationToken.None);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), obj.GetProperty("sha256").GetString());
        Assert.Equal(1, items.GetProperty("totals").GetProperty("objects").GetInt32());
    }

    [Fact]
    public async Task Latest_manifest_is_found_across_more_than_one_listing_page()
    {
        var store = World.Store();
        var date = TestWorld.D(3);
        await Parallel.ForEachAsync(Enumerable.Range(0, 1001), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (_, ct) => await store.WriteAsync(Sample("alpha", date, ManifestStatus.Failed), ct));
        await Task.Delay(1100); // LastModified must be strictly newer, even at S3's one-second precision
        // Sorts first by key, so it sits on the first page; it is nonetheless the newest.
        await store.WriteAsync(Sample("alpha", date, ManifestStatus.Success, runId: "00000000-0000-7000-8000-000000000000"), CancellationToken.None);

        var latest = await store.LatestAsync("alpha", date, CancellationToken.None);
        Assert.True(latest!.IsSuccess);
        Assert.Equal("00000000-0000-7000-8000-000000000000", latest.RunId);
        Assert.Equal(1002, (await store.AllAsync("alpha", date, CancellationToken.None)).Count);

        await Task.Delay(1100);
        // Sorts last, so it sits on the last page.
        await store.WriteAsync(Sample("alpha", date, ManifestStatus.Failed, runId: "ffffffff-ffff-7fff-bfff-ffffffffffff"), CancellationToken.None);
        latest = await store.LatestAsync("alpha", date, CancellationToken.None);
        Assert.Equal("ffffffff-ffff-7fff-bfff-ffffffffffff", latest!.RunId);
        Assert.False(latest.IsSuccess);
    }

    [Fact]
    public async Task Ties_within_one_second_are_broken_by_ended_at_then_run_id()
    {
        var store = World.Store();
        var t = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
        var keys = new List<string>();
        var date = TestWorld.D(4);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            // A new date per attempt: keys are never reused.
            date = TestWorld.D(4 + attempt);
            keys.Clear();
            // Start right after a second boundary so the puts land within one second on S3.
            await Task.Delay(1000 - DateTime.UtcNow.Millisecond);
            Manifest[] writes =
            [
                Sample("alpha", date, ManifestStatus.Success, "10000000-0000-7000-8000-00000000000a", t.AddSeconds(9)), // greatest ended_at
                Sample("alpha", date, ManifestStatus.Failed, "20000000-0000-7000-8000-00000000000b", t.AddSeconds(5)),
                Sample("alpha", date, ManifestStatus.Failed, "30000000-0000-7000-8000-00000000000c", t.AddSeconds(5)),
            ];
            foreach (var m in writes)
            {
                keys.Add(await store.WriteAsync(m, CancellationToken.None));
            }
            if (await ForceSameLastModifiedAsync(keys) || await AllTieAsync(keys))
            {
                break;
            }
        }
        Assert.True(await AllTieAsync(keys), "the three manifests were expected to share one LastModified");

        var latest = await store.LatestAsync("alpha", date, CancellationToken.None);
        Assert.EndsWith("-00000000000a", latest!.RunId);
        Assert.True(latest.IsSuccess);

        // Equal ended_at: the greater run_id wins.
        var all = await store.AllAsync("alpha", date, CancellationToken.None);
        Assert.Equal(["a", "c", "b"], all.Select(r => r.RunId[^1..]));
    }

    private async Task<bool> AllTieAsync(IReadOnlyList<string> keys)
    {
        var times = new HashSet<DateTimeOffset>();
        foreach (var k in keys)
        {
            times.Add((await Lake.HeadAsync(k, CancellationToken.None))!.LastModified);
        }
        return times.Count == 1;
    }

    public static TheoryData<string, string> UnreadableManifests => new()
    {
        { "invalid_json", "{\"status\": \"success\"" },
        { "not_json", "this is not json" },
        { "empty", "" },
        { "array", "[{\"status\": \"success\"}]" },
        { "string", "\"success\"" },
        { "null", "null" },
        { "missing_status", "{\"source\": \"alpha\"}" },
        { "numeric_status", "{\"status\": 1}" },
        { "null_status", "{\"status\": null}" },
        { "object_status", "{\"status\": {\"value\": \"success\"}}" },
        { "bom", "\uFEFF{\"status\": \"success\"}" },
        { "duplicate_status", "{\"status\": \"failed\", \"status\": \"success\"}" },
        { "invalid_utf8", "\u00FF" },
    };

    [Theory]
    [MemberData(nameof(UnreadableManifests))]
    public async Task An_unreadable_latest_manifest_fails_open_and_the_next_manifest_names_it(string name, string body)
    {
        World.DropAll(TestWorld.D(2), TestWorld.D(2));
        var runner = World.Runner();
        var first = await runner.RunDateAsync(TestWorld.D(2), new RunOptions { Sources = ["alpha"] }, CancellationToken.None);
        Assert.Equal(RunStatus.Success, first[0].Status);
        await Task.Delay(1100);
        var corruptKey = ManifestKeys.Key("alpha", TestWorld.D(2), $"corrupt-{name}");
        var bytes = name == "invalid_utf8" ? [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D] : Encoding.UTF8.GetBytes(body);
        await PutRawAsync(corruptKey, bytes);

        var latest = await World.Store().LatestAsync("alpha", TestWorld.D(2), CancellationToken.None);
        Assert.Equal(corruptKey, latest!.Key);
        Assert.False(latest.IsSuccess);
        Assert.Contains(World.Logs.Events, e => e.EventName.StartsWith("manifest_", StringComparison.Ordinal) && e.Message.Contains(corruptKey));

        var second = await runner.RunDateAsync(TestWorld.D(2), new RunOptions { Sources = ["alpha"] }, CancellationToken.None);
        Assert.Equal(RunStatus.Success, second[0].Status);
        var manifest = (await World.Store().LatestAsync("alpha", TestWorld.D(2), CancellationToken.None))!.TryBind()!;
        Assert.Equal(second[0].RunId, manifest.RunId);
        var passed = Assert.Single(manifest.PassedOver!);
        Assert.Equal(corruptKey, passed.Key);
    }

    [Fact]
    public async Task A_second_run_skips_every_date_and_writes_nothing()
    {
        World.DropAll(TestWorld.D(1), TestWorld.D(3));
        var run1 = await World.CliAsync("run", "--from", "2026-01-01", "--to", "2026-01-03", "--json");
        Assert.Equal(0, run1.ExitCode);
        var before = await World.SnapshotAsync();

        var run2 = await World.CliAsync("run", "--from", "2026-01-01", "--to", "2026-01-03", "--json");

        Assert.Equal(0, run2.ExitCode);
        using var doc = JsonDocument.Parse(run2.Out);
        Assert.Equal(6, doc.RootElement.GetArrayLength());
        Assert.All(doc.RootElement.EnumerateArray(), r =>
        {
            Assert.Equal("skipped", r.GetProperty("status").GetString());
            Assert.Equal("latest_manifest_success", r.GetProperty("reason").GetString());
        });
        var after = await World.SnapshotAsync();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.Contains(World.Logs.Events, e => e.EventName == "ingest_skipped");
    }

    [Fact]
    public async Task Manifests_are_append_only_across_failures_reruns_and_forced_backfills()
    {
        World.Drop("alpha", TestWorld.D(1));
        var failed = await World.CliAsync("run", "--date", "2026-01-01", "--source", "alpha");
        Assert.Equal(0, failed.ExitCode);
        var snapshot1 = await World.SnapshotAsync();
        await Task.Delay(1100);
        var forced = await World.CliAsync("run", "--date", "2026-01-01", "--source", "alpha", "--force", "--json");
        Assert.Equal(0, forced.ExitCode);
        var snapshot2 = await World.SnapshotAsync();

        foreach (var (key, bytes) in snapshot1)
        {
            Assert.True(snapshot2.ContainsKey(key), $"{key} disappeared");
            Assert.Equal(bytes, snapshot2[key]);
        }
        var all = await World.Store().AllAsync("alpha", TestWorld.D(1), CancellationToken.None);
        Assert.Equal(2, all.Count);
        var newest = all[0].TryBind()!;
        Assert.Equal(all[1].RunId, newest.Supersedes!.RunId);
        Assert.Equal(all[1].Key, newest.Supersedes.Key);
        Assert.DoesNotContain(typeof(ILake).GetMethods(), m => m.Name.Contains("Delete", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Resume_takes_the_minimum_over_sources_so_a_lagging_source_is_not_left_behind()
    {
        World.DropAll(TestWorld.D(1), TestWorld.D(3));
        Assert.Equal(0, (await World.CliAsync("run", "--from", "2026-01-01", "--to", "2026-01-03", "--source", "alpha")).ExitCode);
        Assert.Equal(0, (await World.CliAsync("run", "--date", "2026-01-01", "--source", "beta")).ExitCode);

        var plan = await World.Host().PlanAsync(new PlanRequest(), CancellationToken.None);
        Assert.Equal(TestWorld.D(2), plan.Date);
        Assert.Contains("beta", plan.Why);

        var run = await World.CliAsync("run", "--json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var byStatus = doc.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("source").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal("skipped", byStatus["alpha"]);
        Assert.Equal("success", byStatus["beta"]);
        Assert.All(doc.RootElement.EnumerateArray(), r => Assert.Equal("2026-01-02", r.GetProperty("ingest_date").GetString()));
    }

    [Fact]
    public async Task Catch_up_runs_date_after_date_and_stops_at_the_first_failing_date()
    {
        // Today is 2026-01-11 with a one-day lag: complete through 2026-01-10. Files exist through 01-06 only.
        World.DropAll(TestWorld.D(1), TestWorld.D(6));

        var run = await World.CliAsync("run", "--catch-up", "--json");

        Assert.Equal(1, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(14, rows.Count);
        Assert.All(rows.Take(12), r => Assert.Equal("success", r.GetProperty("status").GetString()));
        Assert.All(rows.Skip(12), r =>
        {
            Assert.Equal("2026-01-07", r.GetProperty("ingest_date").GetString());
            Assert.Equal("failed", r.GetProperty("status").GetString());
            // Past its deadline (a day after the date's end), a date without files is late: a failed manifest that says why.
            Assert.Equal("late", r.GetProperty("reason").GetString());
            Assert.StartsWith("no_files_yet: ", r.GetProperty("errors")[0].GetProperty("message").GetString());
        });
        // The crash-free failure left no success: the next run goes back to the same date.
        Assert.Equal(TestWorld.D(7), (await World.Host().PlanAsync(new PlanRequest(), CancellationToken.None)).Date);

        World.DropAll(TestWorld.D(7), TestWorld.D(10));
        var again = await World.CliAsync("run", "--catch-up", "--json");
        Assert.Equal(0, again.ExitCode);
        var plan = await World.Host().PlanAsync(new PlanRequest(), CancellationToken.None);
        Assert.Null(plan.Date);
        var status = await World.CliAsync("status", "--json");
        using var statusDoc = JsonDocument.Parse(status.Out);
        Assert.Equal("2026-01-10", statusDoc.RootElement.GetProperty("complete_through").GetString());
    }

    [Fact]
    public async Task Corrupting_the_latest_manifest_of_one_date_reingests_that_date_and_only_that_date()
    {
        World.DropAll(TestWorld.D(1), TestWorld.D(3));
        Assert.Equal(0, (await World.CliAsync("run", "--from", "2026-01-01", "--to", "2026-01-03")).ExitCode);
        await Task.Delay(1100);
        await PutRawAsync(ManifestKeys.Key("beta", TestWorld.D(2), Guid.CreateVersion7().ToString()), Encoding.UTF8.GetBytes("{\"status\": \"succ"));

        var run = await World.CliAsync("run", "--from", "2026-01-01", "--to", "2026-01-03", "--json");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var ingested = doc.RootElement.EnumerateArray().Where(r => r.GetProperty("status").GetString() == "success")
            .Select(r => $"{r.GetProperty("source").GetString()} {r.GetProperty("ingest_date").GetString()}").ToList();
        Assert.Equal(["beta 2026-01-02"], ingested);
        Assert.Contains(World.Logs.Events, e => e.EventName == "manifest_decode_failed");
    }

    [Fact]
    public async Task Backfill_with_force_reingests_and_names_the_superseded_run()
    {
        World.DropAll(TestWorld.D(5), TestWorld.D(5));
        var first = await World.Runner().RunDateAsync(TestWorld.D(5), new RunOptions(), CancellationToken.None);
        await Task.Delay(1100);

        var skipped = await World.Runner().RunDateAsync(TestWorld.D(5), new RunOptions(), CancellationToken.None);
        var forced = await World.Runner().RunDateAsync(TestWorld.D(5), new RunOptions { Force = true }, CancellationToken.None);

        Assert.All(skipped, r => Assert.Equal(RunStatus.Skipped, r.Status));
        Assert.All(forced, r => Assert.Equal(RunStatus.Success, r.Status));
        foreach (var r in forced)
        {
            var old = first.Single(f => f.Source == r.Source);
            Assert.Equal(old.RunId, r.Supersedes);
            var latest = await World.Store().LatestAsync(r.Source, TestWorld.D(5), CancellationToken.None);
            Assert.Equal(r.RunId, latest!.RunId);
            Assert.NotNull(await Lake.HeadAsync(old.ManifestKey!, CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_failed_entity_gives_a_failed_manifest_and_the_next_run_redoes_the_date()
    {
        var run = await World.Runner().RunDateAsync(TestWorld.D(8), new RunOptions { Sources = ["alpha"] }, CancellationToken.None);
        var result = Assert.Single(run);
        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("late", result.Reason);
        Assert.StartsWith("no_files_yet: ", result.Errors[0].Message);
        var manifest = (await World.Store().LatestAsync("alpha", TestWorld.D(8), CancellationToken.None))!;
        Assert.Equal(ManifestStatus.Failed, manifest.Status);
        Assert.Equal("items", manifest.Errors.Single().Entity);

        World.Drop("alpha", TestWorld.D(8));
        var again = await World.Runner().RunDateAsync(TestWorld.D(8), new RunOptions { Sources = ["alpha"] }, CancellationToken.None);
        Assert.Equal(RunStatus.Success, again.Single().Status);
    }
}
