using System.Diagnostics;
using Landfall.Lake;
using Landfall.Layout;
using Landfall.Manifests;
using Landfall.Reports;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Landfall.BrowserTests.Reports;

/// <summary>A report of a year × forty sources stays quick to open and to click through.</summary>
public sealed class AuditReportScaleTests(Chromium chromium, ITestOutputHelper output) : IClassFixture<Chromium>, IDisposable
{
    private const int Sources = 40;
    private const int Days = 365;

    private readonly string _folder = Directory.CreateTempSubdirectory("landfall-report-scale-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_year_of_forty_sources_opens_and_answers_a_click_quickly()
    {
        var file = Path.Combine(_folder, "audit.html");
        var report = SyntheticReport();
        var write = Stopwatch.StartNew();
        await using (var stream = File.Create(file))
        {
            await AuditHtmlWriter.WriteAsync(report, stream, CancellationToken.None);
        }
        write.Stop();

        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var load = Stopwatch.StartNew();
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        await page.WaitForSelectorAsync("html[data-ready='true']");
        load.Stop();
        Assert.Equal(Sources * Days, await page.Locator("#grid tbody td").CountAsync());

        var click = Stopwatch.StartNew();
        await page.ClickAsync("#grid tbody tr[data-index='39'] td[data-date='2025-12-30']");
        await page.WaitForSelectorAsync("#details article.manifest");
        click.Stop();
        Assert.Equal("source-39", await page.GetAttributeAsync("#details", "data-source"));

        var size = new FileInfo(file).Length;
        output.WriteLine($"{Sources} sources x {Days} dates: {size / 1024.0 / 1024.0:0.0} MiB written in {write.ElapsedMilliseconds} ms, " +
            $"opened in {load.ElapsedMilliseconds} ms, click to details in {click.ElapsedMilliseconds} ms (2 shared cores: expect noise)");
        // Generous bounds for a shared machine; a regression to per-cell work in script would blow them.
        Assert.True(load.Elapsed < TimeSpan.FromSeconds(15), $"opening took {load.Elapsed}");
        Assert.True(click.Elapsed < TimeSpan.FromSeconds(3), $"the click took {click.Elapsed}");
    }

    [Fact]
    public async Task A_ten_thousand_file_day_stays_a_small_file_and_its_panel_says_what_is_not_listed()
    {
        const int files = 10_000;
        var from = new DateOnly(2025, 1, 1);
        var cells = Enumerable.Range(0, 7).Select(d => new AuditCell(from.AddDays(d),
            [Manifest("big", from.AddDays(d), failed: false, objects: d == 3 ? files : 3)])).ToList();
        var report = new AuditReport
        {
            Env = "scale",
            Lake = "synthetic",
            GeneratedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            LandfallVersion = "test",
            From = from,
            To = from.AddDays(6),
            LastCompleteDate = from.AddDays(6),
            Sources = [new AuditSource { Name = "big", Kind = "files", Configured = true, StartDate = from, Cells = cells }],
        };
        var file = Path.Combine(_folder, "big.html");
        await using (var stream = File.Create(file))
        {
            await AuditHtmlWriter.WriteAsync(report, stream, CancellationToken.None);
        }
        // 10,000 listed objects would weigh about 2.5 MB; the report lists 100 of them.
        var size = new FileInfo(file).Length;
        Assert.True(size < 256 * 1024, $"{size} bytes");

        var page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        await page.WaitForSelectorAsync("html[data-ready='true']");
        await page.ClickAsync("#grid tbody tr[data-index='0'] td[data-date='2025-01-04']");
        await page.WaitForSelectorAsync("#details article.manifest");
        Assert.Contains($"{files} object(s)", await page.InnerTextAsync("#details h4"));
        Assert.Equal(ReportRequest.DefaultObjectsPerEntity, await page.Locator("#details .obj").CountAsync());
        var note = await page.InnerTextAsync("#details .not-listed");
        Assert.Contains($"{files - ReportRequest.DefaultObjectsPerEntity} more object(s) not listed", note);
        Assert.Contains("ingest_date=2025-01-04", note);
        output.WriteLine($"a {files}-file day: {size / 1024.0:0.0} KiB of report; the panel says: {note}");
    }

    /// <summary>Every cell but every seventh date has one success manifest with three objects; every 31st is failed.</summary>
    private static AuditReport SyntheticReport()
    {
        var from = new DateOnly(2025, 1, 1);
        var sources = new List<AuditSource>();
        for (var s = 0; s < Sources; s++)
        {
            var cells = new List<AuditCell>();
            for (var d = 0; d < Days; d++)
            {
                var date = from.AddDays(d);
                var trail = (s + d) % 7 == 0 ? [] : new List<AuditManifest> { Manifest($"source-{s}", date, failed: (s * 3 + d) % 31 == 0) };
                cells.Add(new AuditCell(date, trail));
            }
            sources.Add(new AuditSource { Name = $"source-{s}", Kind = "files", Configured = true, StartDate = from, Cells = cells });
        }
        return new AuditReport
        {
            Env = "scale",
            Lake = "synthetic",
            GeneratedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            LandfallVersion = "test",
            From = from,
            To = from.AddDays(Days - 1),
            LastCompleteDate = from.AddDays(Days - 1),
            Sources = sources,
        };
    }

    private static AuditManifest Manifest(string source, DateOnly date, bool failed, int objects = 3)
    {
        var runId = Guid.CreateVersion7().ToString();
        var started = date.AddDays(1).ToDateTime(new TimeOnly(2, 0), DateTimeKind.Utc);
        var landed = Enumerable.Range(1, failed ? 0 : objects).Select(i => new OutputObject
        {
            Key = $"bronze/source={source}/entity=items/ingest_date={ManifestKeys.FormatDate(date)}/run_id={runId}/part-{i}.csv",
            Bytes = 1000 * i,
            Sha256 = new string('a', 64),
            SourcePath = $"/drop/{source}/part-{i}.csv",
        }).ToList();
        var manifest = new Manifest
        {
            Source = source,
            Env = "scale",
            RunId = runId,
            IngestDate = ManifestKeys.FormatDate(date),
            Status = failed ? ManifestStatus.Failed : ManifestStatus.Success,
            StartedAt = started,
            EndedAt = started.AddSeconds(3),
            DurationMs = 3000,
            Errors = failed ? [new ManifestError("items", "no_files_yet", "No file matched the glob.")] : [],
            Outputs = failed ? [] : new() { ["items"] = new EntityOutput { Objects = landed, Totals = new EntityTotals(landed.Count, landed.Sum(o => o.Bytes)) } },
        };
        var key = ManifestKeys.Key(source, date, runId);
        return AuditManifest.From(ManifestParser.Parse(new LakeObjectInfo(key, 0, started.AddSeconds(3), null), ManifestFormat.Serialize(manifest)));
    }
}
