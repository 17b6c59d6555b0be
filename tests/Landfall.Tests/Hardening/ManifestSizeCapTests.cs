using System.Text.Json;
using Landfall.Lake;
using Landfall.Lake.Local;
using Landfall.Layout;
using Landfall.Manifests;
using Landfall.Testing;

namespace Landfall.Tests.Hardening;

/// <summary>
/// Issue 27: a manifest has a size cap (schedule.max_manifest_mib). A larger object in a manifest folder is never read, fails open
/// exactly like a corrupt manifest (manifest_too_large, in a warning and in the next manifest's passed_over), on every read path.
/// A read that breaks off midway fails open too, never as a crash.
/// </summary>
public sealed class ManifestSizeCapTests : IDisposable
{
    private readonly string _lakeRoot = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
    private readonly TestWorld _world;

    public ManifestSizeCapTests() =>
        _world = new TestWorld(new LocalFolderLake(_lakeRoot), $"lake:\n  kind: local\n  path: {_lakeRoot}\n", ["alpha"], schedule: "max_manifest_mib: 1");

    public void Dispose()
    {
        _world.Dispose();
        Directory.Delete(_lakeRoot, recursive: true);
    }

    private string ManifestFolder(int day) => Path.Combine(_lakeRoot, ManifestKeys.DatePrefix("alpha", TestWorld.D(day)).TrimEnd('/'));

    /// <summary>A 2 MiB object, newest in the date's folder, that would read as a success if it were read.</summary>
    private string PlantHugeSuccess(int day)
    {
        var success = Assert.Single(Directory.GetFiles(ManifestFolder(day)));
        var huge = Path.Combine(ManifestFolder(day), "run_id=huge.json");
        File.WriteAllText(huge, "{\"status\": \"success\", \"padding\": \"" + new string('x', 2 * 1024 * 1024) + "\"}");
        File.SetLastWriteTimeUtc(huge, File.GetLastWriteTimeUtc(success).AddSeconds(1));
        return huge;
    }

    [Fact]
    public async Task A_manifest_above_the_cap_is_not_read_and_the_next_run_reingests_the_date_naming_it_manifest_too_large()
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(1));
        Assert.Equal(0, (await _world.CliAsync("run", "--date", "2026-01-01")).ExitCode);
        PlantHugeSuccess(1);

        var run = await _world.CliAsync("run", "--date", "2026-01-01", "--json");

        Assert.Equal(0, run.ExitCode);
        using var r = JsonDocument.Parse(run.Out);
        var result = r.RootElement[0];
        Assert.Equal("success", result.GetProperty("status").GetString());
        Assert.Contains(_world.Logs.Named("manifest_too_large"), e => e.Message.Contains("run_id=huge.json", StringComparison.Ordinal));
        var key = result.GetProperty("manifest_key").GetString()!;
        var body = await _world.Lake.ReadSmallAsync(key, 1 << 20, CancellationToken.None);
        var manifest = ManifestParser.Parse(new LakeObjectInfo(key, body.Length, DateTimeOffset.UtcNow, null), body).TryBind()!;
        var passed = Assert.Single(manifest.PassedOver!);
        Assert.Equal("manifest_too_large", passed.Reason);
        Assert.EndsWith("run_id=huge.json", passed.Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_read_path_fails_open_on_a_manifest_above_the_cap()
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(2));
        Assert.Equal(0, (await _world.CliAsync("run", "--from", "2026-01-01", "--to", "2026-01-02")).ExitCode);
        PlantHugeSuccess(1);
        var export = Path.Combine(_world.Folder, "objects.parquet");

        var outcomes = new Dictionary<string, CliOutcome>
        {
            ["status"] = await _world.CliAsync("status", "--json"),
            ["history"] = await _world.CliAsync("history", "--source", "alpha", "--json"),
            ["report"] = await _world.CliAsync("report", "--out", Path.Combine(_world.Folder, "report.html")),
            ["current"] = await _world.CliAsync("current", "--json"),
            ["export"] = await _world.CliAsync("export", "--out", export),
            ["verify"] = await _world.CliAsync("verify", "--json"),
            ["reconcile"] = await _world.CliAsync("reconcile", "--from", "2026-01-01", "--to", "2026-01-02", "--json"),
            ["index"] = await _world.CliAsync("index", "--json"),
            ["plan"] = await _world.CliAsync("plan", "--json"),
        };

        foreach (var (command, outcome) in outcomes)
        {
            Assert.True(outcome.ExitCode is 0 or 1, $"{command} exited {outcome.ExitCode}: {outcome.Error}");
            Assert.DoesNotContain("Unhandled", outcome.Error, StringComparison.Ordinal);
        }
        using var s = JsonDocument.Parse(outcomes["status"].Out);
        Assert.Equal("2026-01-01", s.RootElement.GetProperty("sources")[0].GetProperty("failed_dates")[0].GetString());
        Assert.Contains(_world.Logs.Named("manifest_too_large"), e => e.Message.Contains("run_id=huge.json", StringComparison.Ordinal));
        Assert.Contains("manifest_too_large", outcomes["history"].Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cap_is_checked_against_the_listing_before_anything_is_opened()
    {
        var lake = new CountingLake(new LocalFolderLake(_lakeRoot));
        var info = new LakeObjectInfo(ManifestKeys.Key("alpha", TestWorld.D(1), "r"), 200L * 1024 * 1024, DateTimeOffset.UtcNow, null);

        var read = await ManifestParser.ReadAsync(lake, info, ManifestParser.DefaultMaxManifestBytes, CancellationToken.None);

        Assert.Equal(ManifestReadOutcome.TooLarge, read.Outcome);
        Assert.Equal("manifest_too_large", read.FailureReason);
        Assert.False(read.IsSuccess);
        Assert.Equal(0, lake.Gets);
    }

    [Fact]
    public async Task A_body_larger_than_its_listing_said_is_cut_off_at_the_cap()
    {
        var lake = new LocalFolderLake(_lakeRoot);
        var key = ManifestKeys.Key("alpha", TestWorld.D(1), "grown");
        var stored = await lake.PutAsync(key, new MemoryStream(new byte[3 * 1024 * 1024]), "application/json", CancellationToken.None);

        // The listing claimed a small object; the read still stops at the cap.
        var read = await ManifestParser.ReadAsync(lake, stored with { Size = 10 }, 1024 * 1024, CancellationToken.None);

        Assert.Equal(ManifestReadOutcome.TooLarge, read.Outcome);
    }

    [Fact]
    public async Task A_read_that_breaks_off_midway_fails_open_as_manifest_read_failed_and_never_throws()
    {
        var lake = new BreakingLake(new LocalFolderLake(_lakeRoot));
        var key = ManifestKeys.Key("alpha", TestWorld.D(1), "r");
        var stored = await lake.PutAsync(key, new MemoryStream("{\"status\":\"success\"}"u8.ToArray()), "application/json", CancellationToken.None);

        var read = await ManifestParser.ReadAsync(lake, stored, ManifestParser.DefaultMaxManifestBytes, CancellationToken.None);

        Assert.Equal(ManifestReadOutcome.ReadFailed, read.Outcome);
        Assert.Contains("Connection reset by peer", read.Problem, StringComparison.Ordinal);
    }

    /// <summary>A lake whose reads break off after the first bytes, as a connection reset midway through a body.</summary>
    private sealed class BreakingLake(ILake inner) : ILake
    {
        public string Description => inner.Description;

        public Task<LakeObjectInfo> PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
            inner.PutAsync(key, content, contentType, cancellationToken);

        public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => Task.FromResult<Stream>(new Breaking());

        public Task<LakeObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken) => inner.HeadAsync(key, cancellationToken);

        public Task<LakeListPage> ListPageAsync(string prefix, string? delimiter, string? continuationToken, CancellationToken cancellationToken) =>
            inner.ListPageAsync(prefix, delimiter, continuationToken, cancellationToken);

        private sealed class Breaking : MemoryStream
        {
            private bool _sent;

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                if (_sent)
                {
                    throw new IOException("Connection reset by peer");
                }
                _sent = true;
                buffer.Span[0] = (byte)'{';
                return ValueTask.FromResult(1);
            }
        }
    }
}
