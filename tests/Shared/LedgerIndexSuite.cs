using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CsCheck;
using Landfall.Hosting;
using Landfall.Lake;
using Landfall.Layout;
using Landfall.Ledger;
using Landfall.Planning;
using Landfall.Reports;
using Landfall.Runs;
using Landfall.Status;

namespace Landfall.Testing;

/// <summary>
/// The ledger index is a cache, never the authority: <c>status</c>, <c>history</c>, <c>report</c> and <c>plan</c> give exactly the same
/// answers with and without it, whatever the history (ties, failures, corrupt manifests, forced re-runs, seed-written manifests),
/// with manifests written after it, and with a hostile index object beside it. Runs against every lake.
/// </summary>
public abstract class LedgerIndexSuite
{
    /// <summary>A fresh, empty lake, and the YAML lake section that points at it.</summary>
    protected abstract (ILake Lake, string Yaml) CreateLake();

    /// <summary>How many random histories the property test tries.</summary>
    protected virtual int Iterations => 20;

    /// <summary>Sets an object's LastModified where the lake allows it (a local folder); S3 ties come from whole seconds.</summary>
    protected virtual void SetLastModified(ILake lake, string key, DateTimeOffset lastModified)
    {
    }

    /// <summary>One manifest of a random history.</summary>
    /// <param name="Source">0 alpha, 1 beta (configured), 2 gamma (only in the lake).</param>
    /// <param name="Day">Its business date in January 2026.</param>
    /// <param name="Kind">What it is: see <see cref="Body"/>.</param>
    /// <param name="Tie">Same LastModified as the manifest written before it.</param>
    /// <param name="EndedAt">0–2 one of three ended_at values, 3 none.</param>
    public sealed record ManifestSpec(int Source, int Day, int Kind, bool Tie, int EndedAt);

    /// <summary>A history, an index, a hostile index object beside it, and manifests written after it.</summary>
    public sealed record HistorySpec(ManifestSpec[] Before, int Hostile, ManifestSpec[] After);

    private static readonly string[] Names = ["alpha", "beta", "gamma"];

    private static readonly Gen<ManifestSpec> GenManifest =
        Gen.Select(Gen.Int[0, 2], Gen.Int[1, 9], Gen.Int[0, KindCount - 1], Gen.Bool, Gen.Int[0, 3],
            (s, d, k, t, e) => new ManifestSpec(s, d, k, t, e));

    private static readonly Gen<HistorySpec> GenHistory =
        Gen.Select(GenManifest.Array[0, 30], Gen.Int[0, HostileCount - 1], GenManifest.Array[0, 8], (b, h, a) => new HistorySpec(b, h, a));

    private const int KindCount = 12;
    private const int HostileCount = 10;

    [Fact]
    public async Task Status_history_report_and_plan_are_the_same_with_and_without_the_index()
    {
        await GenHistory.SampleAsync(CheckAsync, iter: Iterations, threads: 1);
    }

    [Fact]
    public async Task A_hostile_or_broken_index_object_is_ignored_and_logged_and_changes_no_answer()
    {
        for (var hostile = 1; hostile < HostileCount; hostile++)
        {
            var spec = new HistorySpec(
                [new(0, 1, 0, false, 0), new(0, 2, 1, false, 1), new(1, 1, 3, false, 3), new(1, 2, 5, false, 2), new(0, 3, 0, false, 0)],
                hostile, []);
            var logs = await CheckAsync(spec);
            Assert.Contains(logs, l => l.Contains("index_ignored", StringComparison.Ordinal) || l.Contains("index_disagrees", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_skip_decision_of_run_reads_the_manifests_even_when_a_forged_index_says_success()
    {
        var (lake, yaml) = CreateLake();
        using var world = new TestWorld(lake, yaml, ["alpha"]);
        world.Drop("alpha", TestWorld.D(1));
        var failedKey = await PutAsync(lake, ManifestKeys.Key("alpha", TestWorld.D(1), Guid.NewGuid().ToString()),
            Encoding.UTF8.GetBytes("""{"source":"alpha","status":"failed","errors":[]}"""));
        var listed = Assert.Single((await world.Store().Ledger.ListAsync("alpha", withIndex: false, CancellationToken.None)).Dates[TestWorld.D(1)]);
        Assert.Equal(failedKey, listed.Key);
        // A forged index entry: the listing's very fingerprint, another body of the same size that says success.
        var forged = Encoding.UTF8.GetBytes("""{"source":"alpha","status":"success","err":[]}""".PadRight((int)listed.Size));
        Assert.Equal(listed.Size, forged.Length);
        await WriteIndexAsync(lake, "alpha", "index_id=forged.json.gz", [new LedgerEntry(listed, forged)]);

        var results = await world.Runner().RunDateAsync(TestWorld.D(1), new RunOptions(), CancellationToken.None);

        // Not skipped: the date was ingested again, and its new manifest names the failed one it replaced as latest.
        var result = Assert.Single(results);
        Assert.Equal(RunStatus.Success, result.Status);
        Assert.NotNull(result.ManifestKey);
        Assert.Contains(world.Logs.Events, e => e.EventName == "ingest_started");
    }

    [Fact]
    public async Task Landfall_index_covers_every_manifest_and_writes_nothing_when_already_up_to_date()
    {
        var (lake, yaml) = CreateLake();
        using var world = new TestWorld(lake, yaml, ["alpha", "beta"]);
        await WriteHistoryAsync(lake, [new(0, 1, 0, false, 0), new(0, 2, 3, false, 1), new(1, 1, 5, false, 2), new(1, 1, 0, false, 0)]);

        var first = await world.Host().IndexAsync(new IndexRequest(), CancellationToken.None);
        var again = await world.Host().IndexAsync(new IndexRequest(), CancellationToken.None);

        Assert.Equal([IndexStatus.Written, IndexStatus.Written], first.Results.Select(r => r.Status));
        Assert.Equal([2, 2], first.Results.Select(r => r.Covered));
        Assert.Equal([IndexStatus.UpToDate, IndexStatus.UpToDate], again.Results.Select(r => r.Status));
        var indexes = new List<string>();
        await foreach (var o in lake.ListObjectsAsync(LedgerIndexKeys.Root, CancellationToken.None))
        {
            indexes.Add(o.Key);
        }
        Assert.Equal(2, indexes.Count);
        // _index/ never reads as a source.
        Assert.Equal(["alpha", "beta"], await world.Store().ListSourcesAsync(CancellationToken.None));
    }

    /// <summary>Writes the history, then compares every read command with and without the index; returns the captured logs.</summary>
    private async Task<IReadOnlyList<string>> CheckAsync(HistorySpec spec)
    {
        var (lake, yaml) = CreateLake();
        using var world = new TestWorld(lake, yaml, ["alpha", "beta"], today: new DateOnly(2026, 1, 12));
        world.Clock.AutoAdvanceAmount = TimeSpan.Zero;
        await WriteHistoryAsync(lake, spec.Before);
        var baseline = await AnswersAsync(world, lake);

        var indexed = await world.Host().IndexAsync(new IndexRequest(), CancellationToken.None);
        Assert.All(indexed.Results, r => Assert.Equal(r.Manifests, r.Covered));
        await WriteHostileAsync(lake, spec.Hostile);
        Assert.Equal(baseline, await AnswersAsync(world, lake));
        Assert.Equal(baseline, await AnswersAsync(world, new HidingLake(lake)));

        await WriteHistoryAsync(lake, spec.After, offset: spec.Before.Length);
        Assert.Equal(await AnswersAsync(world, new HidingLake(lake)), await AnswersAsync(world, lake));
        return world.Logs.Events.Select(e => e.EventName).ToList();
    }

    private static async Task<string> AnswersAsync(TestWorld world, ILake lake)
    {
        using var host = LandfallHost.CreateBuilder().UseConfigFile(world.ConfigPath).UseLake(lake).UseLoggerFactory(world.Logs)
            .UseTimeProvider(world.Clock).Build();
        var ct = CancellationToken.None;
        var answers = new StringBuilder();
        answers.AppendLine(JsonSerializer.Serialize(await host.StatusAsync(new StatusRequest(), ct)));
        answers.AppendLine(JsonSerializer.Serialize(await host.HistoryAsync(new HistoryRequest(), ct)));
        answers.AppendLine(JsonSerializer.Serialize(await host.HistoryAsync(new HistoryRequest { Limit = 3 }, ct)));
        answers.AppendLine(JsonSerializer.Serialize(await host.PlanAsync(new PlanRequest(), ct)));
        answers.AppendLine(JsonSerializer.Serialize(await host.PlanAsync(new PlanRequest { CatchUp = true }, ct)));
        answers.AppendLine(JsonSerializer.Serialize(await host.ReportAsync(new ReportRequest(), ct)));
        return answers.ToString().Replace(lake.Description, "LAKE", StringComparison.Ordinal);
    }

    private async Task WriteHistoryAsync(ILake lake, ManifestSpec[] specs, int offset = 0)
    {
        var at = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero).AddSeconds(offset * 2);
        for (var i = 0; i < specs.Length; i++)
        {
            var m = specs[i];
            var date = new DateOnly(2026, 1, m.Day);
            var runId = Guid.NewGuid().ToString();
            var key = m.Kind == 11 ? ManifestKeys.DatePrefix(Names[m.Source], date) + $"notes-{runId}.txt" : ManifestKeys.Key(Names[m.Source], date, runId);
            await PutAsync(lake, key, Body(m, runId, date));
            if (!m.Tie)
            {
                at = at.AddSeconds(2);
            }
            SetLastModified(lake, key, at);
        }
    }

    private static async Task<string> PutAsync(ILake lake, string key, byte[] body)
    {
        using var stream = new MemoryStream(body);
        await lake.PutAsync(key, stream, "application/json", CancellationToken.None);
        return key;
    }

    /// <summary>The bytes of a manifest of <paramref name="m"/>'s kind.</summary>
    private static byte[] Body(ManifestSpec m, string runId, DateOnly date)
    {
        var source = Names[m.Source];
        var day = ManifestKeys.FormatDate(date);
        string[] ends = ["2026-01-10T01:00:00.000001Z", "2026-01-10T01:00:00.000002Z", "2026-01-10T02:00:00.000000Z"];
        var ended = m.EndedAt < 3 ? $"\"started_at\": \"2026-01-10T00:59:00.000000Z\", \"ended_at\": \"{ends[m.EndedAt]}\", " : "";
        var outputs = "\"outputs\": {\"items\": {\"objects\": [{\"key\": \"bronze/source=" + source + "/entity=items/ingest_date=" + day +
            "/run_id=" + runId + "/part-1.csv\", \"bytes\": 20, \"sha256\": \"" + new string('a', 64) +
            "\", \"rows\": 1}], \"totals\": {\"objects\": 1, \"bytes\": 20, \"rows\": 1}, \"empty\": false}}";
        var common = $"\"source\": \"{source}\", \"env\": \"test\", \"run_id\": \"{runId}\", \"ingest_date\": \"{day}\", {ended}";
        var text = m.Kind switch
        {
            0 => $"{{{common}\"status\": \"success\", \"errors\": [], {outputs}, \"manifest_version\": 1, \"duration_ms\": 1000}}",
            1 => $"{{{common}\"status\": \"failed\", \"errors\": [{{\"entity\": \"items\", \"type\": \"{(m.EndedAt == 0 ? "late" : "source_error")}\", \"message\": \"boom\"}}], \"outputs\": {{}}}}",
            2 => $"{{{common}\"status\": \"success\", \"errors\": [], {outputs}, \"supersedes\": {{\"run_id\": \"x\", \"key\": \"k\"}}}}",
            3 => $"{{{common}\"status\": \"success\", \"errors\": [], \"outputs\": {{\"items\": [\"bronze/{source}/{day}/part-1.csv\"]}}}}",
            4 => $"{{{common}\"status\": \"failed\", \"errors\": [\"seed error\"], \"outputs\": {{}}}}",
            5 => $"{{{common}\"status\": \"succ",
            6 => "[1, 2, 3]",
            7 => $"{{{common}\"errors\": []}}",
            10 => $"{{{common}\"status\": \"done\", \"errors\": []}}",
            11 => $"{{{common}\"status\": \"success\", \"errors\": []}}",
            _ => "",
        };
        return m.Kind switch
        {
            8 => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes($"{{{common}\"status\": \"success\"}}")],
            9 => [.. Encoding.UTF8.GetBytes("{\"status\": \"success\", \"note\": \""), 0xC3, 0x28, .. "\"}"u8.ToArray()],
            _ => Encoding.UTF8.GetBytes(text),
        };
    }

    /// <summary>Writes a newer index object for alpha that is broken in the way <paramref name="hostile"/> says (0: none).</summary>
    private async Task WriteHostileAsync(ILake lake, int hostile)
    {
        if (hostile == 0)
        {
            return;
        }
        var store = new TestManifests(lake);
        var valid = await store.Indexes.LoadNewestAsync("alpha", CancellationToken.None);
        var entries = valid?.Entries.Values.ToList() ?? [];
        var name = $"index_id=zzzz-{hostile}.json.gz";
        var listed = entries.Count > 0 ? entries[0].Info : new LakeObjectInfo(ManifestKeys.Key("alpha", TestWorld.D(1), "none"), 2, DateTimeOffset.UnixEpoch, null);
        switch (hostile)
        {
            case 1:
                var whole = IndexBytes("alpha", entries);
                await PutAsync(lake, LedgerIndexKeys.SourcePrefix("alpha") + name, whole[..(whole.Length / 2)]);
                break;
            case 2:
                await PutAsync(lake, LedgerIndexKeys.SourcePrefix("alpha") + name, "not gzip at all"u8.ToArray());
                break;
            case 3:
                await PutAsync(lake, LedgerIndexKeys.SourcePrefix("alpha") + name, IndexBytes("beta", entries));
                break;
            case 4:
                // An entry for a key outside the source's manifest prefix.
                var stray = new LakeObjectInfo(ManifestKeys.Key("beta", TestWorld.D(1), "x"), 2, listed.LastModified, listed.ETag);
                await WriteIndexAsync(lake, "alpha", name, [.. entries, new LedgerEntry(stray, "{}"u8.ToArray())]);
                break;
            case 5:
                // Every entry says success with its own size: the listing's size disagrees, so none is used.
                await WriteIndexAsync(lake, "alpha", name, entries.Select(e =>
                {
                    var body = Encoding.UTF8.GetBytes("""{"status": "success"}""");
                    return new LedgerEntry(e.Info with { Size = body.Length }, body);
                }).ToList());
                break;
            case 6:
                // The right bodies, a LastModified one second off: a fingerprint that does not match is never trusted.
                await WriteIndexAsync(lake, "alpha", name, entries.Select(e => new LedgerEntry(e.Info with { LastModified = e.Info.LastModified.AddSeconds(1) },
                    Encoding.UTF8.GetBytes("""{"status": "success"}""".PadRight((int)e.Info.Size)))).ToList());
                break;
            case 7:
                var lines = Decompress(IndexBytes("alpha", entries)).Split('\n');
                await PutAsync(lake, LedgerIndexKeys.SourcePrefix("alpha") + name, Compress(string.Join('\n', lines[..^2]) + "\n"));
                break;
            case 8:
                var text = Decompress(IndexBytes("alpha", entries)).Split('\n');
                await PutAsync(lake, LedgerIndexKeys.SourcePrefix("alpha") + name, Compress(string.Join('\n', [text[0], .. text[1..^1], text.Length > 2 ? text[1] : "{}", ""])));
                break;
            default:
                // A line beyond the reader's cap (compresses to almost nothing).
                await PutAsync(lake, LedgerIndexKeys.SourcePrefix("alpha") + name, Compress(new string(' ', LedgerIndexFormat.MaxLineBytes + 10) + "\n"));
                break;
        }
    }

    private static async Task WriteIndexAsync(ILake lake, string source, string name, IReadOnlyList<LedgerEntry> entries) =>
        await PutAsync(lake, LedgerIndexKeys.SourcePrefix(source) + name, IndexBytes(source, entries));

    private static byte[] IndexBytes(string source, IReadOnlyList<LedgerEntry> entries)
    {
        using var output = new MemoryStream();
        LedgerIndexFormat.Write(output, source, DateTimeOffset.UnixEpoch, entries);
        return output.ToArray();
    }

    private static string Decompress(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var reader = new StreamReader(input);
        return reader.ReadToEnd();
    }

    private static byte[] Compress(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        return output.ToArray();
    }

    /// <summary>The lake without its <c>_index/</c>: what every reader saw before the index existed.</summary>
    private sealed class HidingLake(ILake inner) : ILake
    {
        public string Description => inner.Description;

        public Task<LakeObjectInfo> PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
            inner.PutAsync(key, content, contentType, cancellationToken);

        public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

        public Task<LakeObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken) => inner.HeadAsync(key, cancellationToken);

        public async Task<LakeListPage> ListPageAsync(string prefix, string? delimiter, string? continuationToken, CancellationToken cancellationToken) =>
            prefix.StartsWith(LedgerIndexKeys.Root, StringComparison.Ordinal)
                ? new LakeListPage([], [], null)
                : await inner.ListPageAsync(prefix, delimiter, continuationToken, cancellationToken);
    }
}
