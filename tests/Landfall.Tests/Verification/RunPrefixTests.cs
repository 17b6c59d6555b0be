using System.Text.Json;
using System.Text.Json.Nodes;
using Landfall.Lake.Local;
using Landfall.Layout;
using Landfall.Testing;

namespace Landfall.Tests.Verification;

/// <summary>
/// Issue 27: a success manifest written by hand for source alpha whose objects are real objects of source beta (right size, right
/// SHA-256) must not verify clean: verify, current and export check that every object lies under its manifest's own source, date
/// and run prefix (object_outside_run_prefix), naming the manifest and the key.
/// </summary>
public sealed class RunPrefixTests : IDisposable
{
    private readonly string _lakeRoot = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
    private readonly TestWorld _world;

    public RunPrefixTests() => _world = new TestWorld(new LocalFolderLake(_lakeRoot), $"lake:\n  kind: local\n  path: {_lakeRoot}\n");

    public void Dispose()
    {
        _world.Dispose();
        Directory.Delete(_lakeRoot, recursive: true);
    }

    private static readonly DateOnly Day = TestWorld.D(1);

    /// <summary>beta's success manifest of the day, rewritten as alpha's newest, forged run; returns its key and beta's object keys.</summary>
    private async Task<(string Key, List<string> BetaObjects)> ForgeAlphaFromBetaAsync(bool asSeed = false)
    {
        _world.DropAll(Day, Day);
        Assert.Equal(0, (await _world.CliAsync("run", "--date", "2026-01-01")).ExitCode);
        var betaFolder = Path.Combine(_lakeRoot, ManifestKeys.DatePrefix("beta", Day).TrimEnd('/'));
        var doc = JsonNode.Parse(File.ReadAllText(Assert.Single(Directory.GetFiles(betaFolder))))!.AsObject();
        doc["source"] = "alpha";
        doc["run_id"] = "forged";
        if (asSeed)
        {
            doc.Remove("landfall_version");
        }
        var key = ManifestKeys.Key("alpha", Day, "forged");
        var path = Path.Combine(_lakeRoot, key);
        File.WriteAllText(path, doc.ToJsonString());
        var alphaSuccess = Directory.GetFiles(Path.GetDirectoryName(path)!).First(f => f != path);
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(alphaSuccess).AddSeconds(1));
        var objects = doc["outputs"]!.AsObject().SelectMany(e => e.Value!["objects"]!.AsArray()).Select(o => o!["key"]!.GetValue<string>()).ToList();
        Assert.All(objects, k => Assert.StartsWith("bronze/source=beta/", k, StringComparison.Ordinal));
        return (key, objects);
    }

    [Fact]
    public async Task Verify_flags_a_success_whose_objects_belong_to_another_source_naming_the_manifest_and_the_key()
    {
        var (key, beta) = await ForgeAlphaFromBetaAsync();

        var verify = await _world.CliAsync("verify", "--json");

        Assert.NotEqual(0, verify.ExitCode);
        using var v = JsonDocument.Parse(verify.Out);
        var flagged = v.RootElement.GetProperty("problems").EnumerateArray()
            .Where(p => p.GetProperty("check").GetString() == "object_outside_run_prefix").ToList();
        Assert.Equal(beta.Order(StringComparer.Ordinal), flagged.Select(p => p.GetProperty("key").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(flagged, p => Assert.Equal(key, p.GetProperty("manifest").GetString()));
        Assert.All(flagged, p => Assert.Equal("alpha", p.GetProperty("source").GetString()));
        // The bytes themselves match: only where they live gives the forgery away.
        Assert.DoesNotContain(v.RootElement.GetProperty("problems").EnumerateArray(), p => p.GetProperty("check").GetString() is "sha256" or "size");
    }

    [Fact]
    public async Task Current_and_export_leave_the_foreign_objects_out_and_say_so()
    {
        var (key, beta) = await ForgeAlphaFromBetaAsync();
        var export = Path.Combine(_world.Folder, "objects.parquet");

        var current = await _world.CliAsync("current", "--source", "alpha", "--format", "paths");
        var exported = await _world.CliAsync("export", "--out", export);

        Assert.Equal(0, current.ExitCode);
        Assert.Equal(0, exported.ExitCode);
        Assert.All(beta, k => Assert.DoesNotContain(k, current.Out, StringComparison.Ordinal));
        var logged = _world.Logs.Named("object_outside_run_prefix").ToList();
        Assert.Contains(logged, e => e.Message.Contains(key, StringComparison.Ordinal) && e.Message.Contains(beta[0], StringComparison.Ordinal));
        var rows = Keys(export);
        // beta's own manifest still exports its objects once; the forged one adds none.
        Assert.Equal(beta.Count, rows.Count(r => beta.Contains(r)));
    }

    [Fact]
    public async Task A_manifest_without_landfall_version_keeps_its_own_layout_and_is_not_flagged()
    {
        await ForgeAlphaFromBetaAsync(asSeed: true);

        var verify = await _world.CliAsync("verify", "--json");

        using var v = JsonDocument.Parse(verify.Out);
        Assert.DoesNotContain(v.RootElement.GetProperty("problems").EnumerateArray(), p => p.GetProperty("check").GetString() == "object_outside_run_prefix");
        Assert.Contains(v.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("not for where they live", StringComparison.Ordinal));
    }

    private static List<string> Keys(string parquet)
    {
        using var file = new ParquetSharp.ParquetFileReader(parquet);
        var column = file.FileMetaData.Schema.ColumnIndex("key");
        var keys = new List<string>();
        for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            using var reader = group.Column(column).LogicalReader<string>();
            keys.AddRange(reader.ReadAll((int)group.MetaData.NumRows));
        }
        return keys;
    }

    [Theory]
    [InlineData("bronze/source=alpha/entity=items/ingest_date=2026-01-01/run_id=r1/part-1.csv", true)]
    [InlineData("bronze/source=alpha/entity=items/ingest_date=2026-01-01/run_id=r1/attempt=2/part-1.parquet", true)]
    [InlineData("bronze/source=alpha/entity=items/ingest_date=2026-01-01/run_id=r1/", false)]
    [InlineData("bronze/source=alpha/entity=items/ingest_date=2026-01-01/run_id=r10/part-1.csv", false)]
    [InlineData("bronze/source=alpha/entity=items/ingest_date=2026-01-02/run_id=r1/part-1.csv", false)]
    [InlineData("bronze/source=alphabet/entity=items/ingest_date=2026-01-01/run_id=r1/part-1.csv", false)]
    [InlineData("bronze/source=beta/entity=items/ingest_date=2026-01-01/run_id=r1/part-1.csv", false)]
    [InlineData("bronze/source=alpha/entity=/ingest_date=2026-01-01/run_id=r1/part-1.csv", false)]
    [InlineData("elsewhere/bronze/source=alpha/entity=items/ingest_date=2026-01-01/run_id=r1/part-1.csv", false)]
    public void An_object_is_under_its_run_only_below_its_sources_date_and_run_prefix(string key, bool under) =>
        Assert.Equal(under, BronzeKeys.IsUnderRun(key, "alpha", Day, "r1"));
}
