using System.Diagnostics;
using Landfall.Layout;
using Landfall.Manifests;
using Landfall.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Landfall.BrowserTests.Reports;

/// <summary>
/// The audit report as a person sees it: written by the real CLI over a lake of real runs, opened from file:// in a
/// headless Chromium, cells checked against the manifests, a cell clicked and its trail checked, a screenshot kept.
/// </summary>
public sealed class AuditReportBrowserTests(Chromium chromium, ITestOutputHelper output) : IClassFixture<Chromium>, IAsyncLifetime
{
    private AuditScenario _scenario = null!;

    /// <summary>Where the screenshot is kept: the test's output folder, artifacts/.</summary>
    public static string ScreenshotPath => Path.Combine(AppContext.BaseDirectory, "artifacts", "audit-report.png");

    public async Task InitializeAsync() => _scenario = await AuditScenario.CreateAsync();

    public Task DisposeAsync()
    {
        _scenario.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_report_shows_each_cell_as_its_manifests_say_and_a_click_shows_the_whole_trail_newest_first()
    {
        var clock = Stopwatch.StartNew();
        var world = _scenario.World;
        var file = Path.Combine(world.Folder, "audit.html");
        var written = await world.CliAsync("report", "--out", file);
        Assert.True(written.ExitCode == 0, written.Error);
        var url = new Uri(file).AbsoluteUri;

        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var problems = new List<string>();
        var requests = new List<string>();
        page.PageError += (_, e) => problems.Add(e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                problems.Add(m.Text);
            }
        };
        page.Request += (_, r) => requests.Add(r.Url);
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync("html[data-ready='true']");

        // Self-contained: the file itself is the only request, and no script failed.
        Assert.Equal([url], requests);
        Assert.Empty(problems);

        // Every cell against the manifests: by construction, and by reading the lake.
        var cells = await page.EvalOnSelectorAllAsync<string[][]>("#grid tbody td", "tds => tds.map(td => [td.dataset.source, td.dataset.date, td.dataset.status])");
        Assert.Equal(_scenario.Expected.Count, cells.Length);
        var store = world.Store();
        foreach (var cell in cells)
        {
            var (source, date, status) = (cell[0], cell[1], cell[2]);
            Assert.True(_scenario.Expected[(source, date)] == status, $"{source} {date}: expected {_scenario.Expected[(source, date)]}, shown {status}");
            var trail = await store.AllAsync(source, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
            Assert.True(StatusOf(trail) == status, $"{source} {date}: the manifests say {StatusOf(trail)}, shown {status}");
        }
        Assert.Equal(ManifestKeys.FormatDate(AuditScenario.ExpectedCompleteThrough), await page.GetAttributeAsync("#complete-through", "data-date"));
        Assert.Equal(ManifestKeys.FormatDate(AuditScenario.ExpectedCompleteThrough), await page.GetAttributeAsync("#grid thead th.ctd", "data-date"));
        foreach (var status in new[] { "success", "superseding", "reconciled", "empty", "failed", "corrupt", "never_ingested" })
        {
            Assert.True(await page.Locator($"#legend li[data-status='{status}']").IsVisibleAsync(), $"legend entry {status}");
        }

        // A click on the forced re-run: both successes, newest first, with run ids, outputs and their integrity data.
        await AssertTrailShownAsync(page, "orders", 2);
        var panel = page.Locator("#details");
        Assert.Contains("supersedes", (await panel.InnerTextAsync()).ToLowerInvariant());

        // A click on the re-ingest after reconcile: a colour of its own, and the trail says why.
        Assert.NotEqual(
            await page.EvalOnSelectorAsync<string>($"td[data-source='orders'][data-date='{AuditScenario.Day(2)}']", "td => getComputedStyle(td).backgroundColor"),
            await page.EvalOnSelectorAsync<string>($"td[data-source='events'][data-date='{AuditScenario.Day(8)}']", "td => getComputedStyle(td).backgroundColor"));
        await AssertTrailShownAsync(page, "events", 8);
        Assert.Contains("Re-ingested after reconcile", await panel.InnerTextAsync());
        Assert.Contains("reconcile", await page.TextContentAsync("#details article.manifest >> nth=0") ?? "");

        // A click on the unreadable latest: passed over, the older success still listed.
        await AssertTrailShownAsync(page, "orders", 4);
        Assert.Equal("unreadable", await page.GetAttributeAsync("#details article.manifest >> nth=0", "data-status"));
        Assert.Contains("manifest_decode_failed", await panel.InnerTextAsync());

        // The arrow keys walk the row.
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal(AuditScenario.Day(5), await panel.GetAttributeAsync("data-date"));

        // Hostile text is shown as text: nothing ran, no element was injected.
        await page.ClickAsync($"#grid tbody tr[data-index='3'] td[data-date='{AuditScenario.Day(2)}']");
        Assert.Equal(AuditScenario.HostileSource, await panel.GetAttributeAsync("data-source"));
        Assert.Equal($"items<script>: no_files_yet: {AuditScenario.HostileMessage}", await page.TextContentAsync("#details ul.errors li"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.pwned === undefined && document.scripts.length === 2 && !document.querySelector('#details b, #details script')"));

        // Back on the forced re-run for the screenshot, then a link straight to a cell.
        await page.ClickAsync($"td[data-source='orders'][data-date='{AuditScenario.Day(2)}']");
        Directory.CreateDirectory(Path.GetDirectoryName(ScreenshotPath)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath, FullPage = true });
        Assert.True(new FileInfo(ScreenshotPath).Length > 10_000);
        Assert.Empty(problems);
        var linked = await chromium.Browser.NewPageAsync();
        await linked.GotoAsync(url + "#events/" + AuditScenario.Day(3));
        await linked.WaitForSelectorAsync("html[data-ready='true']");
        Assert.Equal("events", await linked.GetAttributeAsync("#details", "data-source"));
        Assert.Equal(AuditScenario.Day(3), await linked.GetAttributeAsync("#details", "data-date"));
        Assert.True(await linked.Locator("#details").IsVisibleAsync());

        output.WriteLine($"screenshot: {ScreenshotPath}");
        output.WriteLine($"browser test took {clock.Elapsed.TotalSeconds:0.0} s (lake, report, browser checks)");
    }

    /// <summary>Clicks (source, day) and checks the panel lists every manifest of the date, newest first, with its objects.</summary>
    private async Task AssertTrailShownAsync(IPage page, string source, int day)
    {
        var date = TestWorld.D(day);
        await page.ClickAsync($"td[data-source='{source}'][data-date='{ManifestKeys.FormatDate(date)}']");
        var panel = page.Locator("#details");
        Assert.True(await panel.IsVisibleAsync());
        Assert.Equal(source, await panel.GetAttributeAsync("data-source"));
        Assert.Equal(ManifestKeys.FormatDate(date), await panel.GetAttributeAsync("data-date"));

        var reads = await _scenario.World.Store().AllAsync(source, date, CancellationToken.None);
        var shownRunIds = await page.EvalOnSelectorAllAsync<string[]>("#details article.manifest", "a => a.map(e => e.dataset.runId)");
        Assert.Equal(reads.Select(r => r.RunId), shownRunIds);
        Assert.Contains("latest", await page.GetAttributeAsync("#details article.manifest >> nth=0", "class") ?? "");

        var text = await panel.InnerTextAsync();
        var keys = await page.EvalOnSelectorAllAsync<string[]>("#details .obj[data-key]", "rows => rows.map(r => r.dataset.key)");
        foreach (var manifest in reads.Select(r => r.TryBind()).OfType<Manifest>())
        {
            Assert.Contains(manifest.RunId, text);
            foreach (var obj in manifest.Outputs.Values.SelectMany(o => o.Objects))
            {
                Assert.Contains(obj.Key, keys);
                Assert.Contains(obj.Sha256!, text);
            }
        }
    }

    /// <summary>The cell a trail (newest first) should show, read straight from the manifests.</summary>
    private static string StatusOf(IReadOnlyList<ManifestRead> trail)
    {
        if (trail.Count == 0)
        {
            return "never_ingested";
        }
        var latest = trail[0];
        if (latest.Outcome != ManifestReadOutcome.Ok)
        {
            return "corrupt";
        }
        if (!latest.IsSuccess)
        {
            return "failed";
        }
        var manifest = latest.TryBind()!;
        if (latest.GetString("reason") == "reconcile")
        {
            return "reconciled";
        }
        if (manifest.Supersedes is not null || trail.Skip(1).Any(m => m.IsSuccess))
        {
            return "superseding";
        }
        return manifest.Outputs.Values.Sum(o => o.Totals.Objects) == 0 ? "empty" : "success";
    }
}
