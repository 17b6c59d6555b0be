using System.Text;
using System.Text.Json;
using Landfall.Layout;
using Landfall.Reports;
using Landfall.Runs;
using Landfall.Testing;

namespace Landfall.Tests.Reports;

/// <summary>A day of many files stays a small report: each entity lists a bounded number of objects, the rest are counted.</summary>
public sealed class AuditReportSizeTests : IDisposable
{
    private const int Files = 250;

    private readonly TestWorld _world = TestWorld.OnLocalLake(["alpha"]);

    public AuditReportSizeTests()
    {
        for (var i = 1; i <= Files; i++)
        {
            _world.Drop("alpha", TestWorld.D(1), $"part-{i:000}.csv");
        }
        _world.Drop("alpha", TestWorld.D(2));
    }

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task A_many_file_day_lists_the_first_objects_and_counts_the_rest_by_default()
    {
        await RunAsync();
        var report = await _world.Host().ReportAsync(new ReportRequest(), CancellationToken.None);

        var big = Latest(report, 1);
        var items = big.Outputs["items"];
        Assert.Equal(ReportRequest.DefaultObjectsPerEntity, items.Objects.Count);
        Assert.Equal(Files, items.Totals.Objects);
        Assert.Equal(Files - ReportRequest.DefaultObjectsPerEntity, big.ObjectsNotListed["items"]);
        Assert.Equal(Files, big.ObjectCount);
        // The first objects in write order, exactly as the manifest records them.
        var manifest = (await _world.Store().LatestAsync("alpha", TestWorld.D(1), CancellationToken.None))!.TryBind()!;
        Assert.Equal(manifest.Outputs["items"].Objects.Take(ReportRequest.DefaultObjectsPerEntity).Select(o => (o.Key, o.Sha256)),
            items.Objects.Select(o => (o.Key, o.Sha256)));

        var small = Latest(report, 2);
        Assert.Single(small.Outputs["items"].Objects);
        Assert.Empty(small.ObjectsNotListed);

        var data = DataOf(await HtmlAsync(report));
        Assert.Equal(ReportRequest.DefaultObjectsPerEntity, data.GetProperty("objects_per_entity").GetInt32());
        var output = data.GetProperty("sources")[0].GetProperty("trails").GetProperty(ManifestKeys.FormatDate(TestWorld.D(1)))[0]
            .GetProperty("outputs")[0];
        Assert.Equal(Files, output.GetProperty("objects").GetInt32());
        Assert.Equal(ReportRequest.DefaultObjectsPerEntity, output.GetProperty("items").GetArrayLength());
        Assert.Equal(Files - ReportRequest.DefaultObjectsPerEntity, output.GetProperty("items_not_listed").GetInt32());
        var other = data.GetProperty("sources")[0].GetProperty("trails").GetProperty(ManifestKeys.FormatDate(TestWorld.D(2)))[0]
            .GetProperty("outputs")[0];
        Assert.False(other.TryGetProperty("items_not_listed", out _));
    }

    [Fact]
    public async Task The_html_grows_with_the_objects_listed_not_with_the_objects_landed()
    {
        await RunAsync();
        var host = _world.Host();
        var none = await HtmlAsync(await host.ReportAsync(new ReportRequest { ObjectsPerEntity = 0 }, CancellationToken.None));
        var some = await HtmlAsync(await host.ReportAsync(new ReportRequest { ObjectsPerEntity = 10 }, CancellationToken.None));
        var all = await HtmlAsync(await host.ReportAsync(new ReportRequest { ObjectsPerEntity = Files }, CancellationToken.None));

        // Each listed object costs a few hundred bytes: 10 of them a little, 250 of them much more.
        var perObject = (all.Length - none.Length) / (double)(Files + 1);
        Assert.InRange(perObject, 150, 1000);
        Assert.InRange(some.Length - none.Length, 9 * perObject, 12 * perObject);
        var listed = DataOf(all).GetProperty("sources")[0].GetProperty("trails").GetProperty(ManifestKeys.FormatDate(TestWorld.D(1)))[0]
            .GetProperty("outputs")[0];
        Assert.Equal(Files, listed.GetProperty("items").GetArrayLength());
        Assert.False(listed.TryGetProperty("items_not_listed", out _));
        var unlisted = DataOf(none).GetProperty("sources")[0].GetProperty("trails").GetProperty(ManifestKeys.FormatDate(TestWorld.D(1)))[0]
            .GetProperty("outputs")[0];
        Assert.Equal(0, unlisted.GetProperty("items").GetArrayLength());
        Assert.Equal(Files, unlisted.GetProperty("items_not_listed").GetInt32());
    }

    [Fact]
    public async Task The_cli_takes_objects_per_entity_and_refuses_a_negative_count()
    {
        await RunAsync();
        var file = Path.Combine(_world.Folder, "audit.html");
        foreach (var bad in new[] { "-1", "abc", "1.5" })
        {
            var refused = await _world.CliAsync("report", "--out", file, "--objects-per-entity", bad);
            Assert.True(refused.ExitCode == 2, $"{bad}: exit {refused.ExitCode}: {refused.Error}");
            Assert.Contains("--objects-per-entity", refused.Error);
            Assert.Contains(bad, refused.Error);
            Assert.False(File.Exists(file));
        }

        var written = await _world.CliAsync("report", "--out", file, "--objects-per-entity", "3");
        Assert.True(written.ExitCode == 0, written.Error);
        var output = DataOf(await File.ReadAllTextAsync(file)).GetProperty("sources")[0].GetProperty("trails")
            .GetProperty(ManifestKeys.FormatDate(TestWorld.D(1)))[0].GetProperty("outputs")[0];
        Assert.Equal(3, output.GetProperty("items").GetArrayLength());
        Assert.Equal(Files - 3, output.GetProperty("items_not_listed").GetInt32());
    }

    private async Task RunAsync()
    {
        var host = _world.Host();
        foreach (var day in new[] { 1, 2 })
        {
            var run = await host.RunAsync(new RunRequest { Date = TestWorld.D(day) }, CancellationToken.None);
            Assert.Equal(RunStatus.Success, Assert.Single(run.Results).Status);
        }
    }

    private static AuditManifest Latest(AuditReport report, int day) =>
        report.Sources.Single(s => s.Name == "alpha").Cells.Single(c => c.Date == TestWorld.D(day)).Latest!;

    private static async Task<string> HtmlAsync(AuditReport report)
    {
        using var stream = new MemoryStream();
        await AuditHtmlWriter.WriteAsync(report, stream, CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonElement DataOf(string html)
    {
        var open = $"<script type=\"application/json\" id=\"{AuditHtmlWriter.DataElementId}\">";
        var start = html.IndexOf(open, StringComparison.Ordinal) + open.Length;
        using var doc = JsonDocument.Parse(html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)]);
        return doc.RootElement.Clone();
    }
}
