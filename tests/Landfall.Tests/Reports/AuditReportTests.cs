using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Landfall.Layout;
using Landfall.Reports;
using Landfall.Status;
using Landfall.Testing;

namespace Landfall.Tests.Reports;

/// <summary>The audit calendar's model, built from the manifests of real runs over a local-folder lake, and its HTML.</summary>
public sealed partial class AuditReportTests(AuditReportTests.Lake lake) : IClassFixture<AuditReportTests.Lake>
{
    private AuditScenario Scenario => lake.Scenario;

    private TestWorld World => Scenario.World;

    /// <summary>One scenario lake for the class: these tests only read it.</summary>
    public sealed class Lake : IAsyncLifetime
    {
        public AuditScenario Scenario { get; private set; } = null!;

        public async Task InitializeAsync() => Scenario = await AuditScenario.CreateAsync();

        public Task DisposeAsync()
        {
            Scenario.Dispose();
            return Task.CompletedTask;
        }
    }

    private async Task<AuditReport> BuildAsync(DateOnly? from = null, DateOnly? to = null, bool includeUnconfigured = true)
    {
        return await new AuditReportBuilder(World.Store().Ledger, World.Lake).BuildAsync(new AuditReportOptions
        {
            Sources = World.LoadConfig().Sources,
            IncludeUnconfiguredSources = includeUnconfigured,
            From = from,
            To = to,
            LastCompleteDate = World.Host().LastCompleteDate(),
            GeneratedAt = World.Clock.GetUtcNow(),
        }, CancellationToken.None);
    }

    private static AuditCell Cell(AuditReport report, string source, int day) =>
        report.Sources.Single(s => s.Name == source).Cells.Single(c => c.Date == TestWorld.D(day));

    [Fact]
    public async Task Every_cell_shows_the_status_its_latest_manifest_decides()
    {
        var report = await BuildAsync();

        foreach (var ((source, date), expected) in Scenario.Expected)
        {
            var cell = report.Sources.Single(s => s.Name == source).Cells.Single(c => ManifestKeys.FormatDate(c.Date) == date);
            Assert.True(expected == AuditCellStatusNames.Word(cell.Status), $"{source} {date}: expected {expected}, got {cell.Status}");
        }
        // One cell of each kind, by construction.
        Assert.Equal(AuditCellStatus.Success, Cell(report, "orders", 1).Status);
        Assert.Equal(AuditCellStatus.Superseding, Cell(report, "orders", 2).Status);
        Assert.Equal(AuditCellStatus.Reconciled, Cell(report, "events", 8).Status);
        Assert.Equal(AuditCellStatus.Failed, Cell(report, "orders", 3).Status);
        Assert.Equal(AuditCellStatus.Corrupt, Cell(report, "orders", 4).Status);
        Assert.Equal(AuditCellStatus.Empty, Cell(report, "partner", 2).Status);
        Assert.Equal(AuditCellStatus.NeverIngested, Cell(report, "orders", 8).Status);
    }

    [Fact]
    public async Task Every_trail_holds_every_manifest_of_its_date_newest_first_as_the_store_orders_them()
    {
        var report = await BuildAsync();
        var store = World.Store();

        foreach (var source in report.Sources)
        {
            foreach (var cell in source.Cells)
            {
                var reads = await store.AllAsync(source.Name, cell.Date, CancellationToken.None);
                Assert.Equal(reads.Select(r => r.Key), cell.Trail.Select(m => m.Key));
                var latest = await store.LatestAsync(source.Name, cell.Date, CancellationToken.None);
                Assert.Equal(latest?.Key, cell.Latest?.Key);
            }
        }
    }

    [Fact]
    public async Task A_forced_rerun_names_the_success_it_supersedes_and_both_stay_in_the_trail()
    {
        var cell = Cell(await BuildAsync(), "orders", 2);

        Assert.Equal(2, cell.Trail.Count);
        Assert.True(cell.Trail.All(m => m.IsSuccess));
        Assert.Equal(cell.Trail[1].RunId, cell.Latest!.Supersedes!.RunId);
        Assert.Equal(cell.Trail[1].Key, cell.Latest.Supersedes.Key);
    }

    [Fact]
    public async Task An_unreadable_latest_manifest_shows_corrupt_even_over_an_older_success()
    {
        var cell = Cell(await BuildAsync(), "orders", 4);

        Assert.Equal(AuditCellStatus.Corrupt, cell.Status);
        Assert.False(cell.Latest!.Readable);
        Assert.Equal("manifest_decode_failed", cell.Latest.UnreadableReason);
        Assert.True(cell.Trail[1].IsSuccess);
        Assert.True(cell.Trail[1].ObjectCount > 0);
    }

    [Fact]
    public async Task A_success_that_passed_over_a_corrupt_manifest_is_a_success_naming_it()
    {
        var cell = Cell(await BuildAsync(), "orders", 6);

        Assert.Equal(AuditCellStatus.Success, cell.Status);
        Assert.Equal(2, cell.Trail.Count);
        var passedOver = Assert.Single(cell.Latest!.PassedOver);
        Assert.Equal(cell.Trail[1].Key, passedOver.Key);
        Assert.Equal("manifest_decode_failed", passedOver.Reason);
    }

    [Fact]
    public async Task A_failed_date_fixed_later_is_a_success_with_the_failure_kept_in_its_trail()
    {
        var cell = Cell(await BuildAsync(), "orders", 5);

        Assert.Equal(AuditCellStatus.Success, cell.Status);
        Assert.Equal(["success", "failed"], cell.Trail.Select(m => m.Status));
        Assert.Equal("late", Assert.Single(cell.Trail[1].Errors).Type);
    }

    [Fact]
    public async Task An_empty_success_records_zero_objects_and_the_entity_marked_empty()
    {
        var cell = Cell(await BuildAsync(), "partner", 2);

        Assert.Equal(AuditCellStatus.Empty, cell.Status);
        Assert.Equal(0, cell.Latest!.ObjectCount);
        Assert.True(cell.Latest.Outputs["items"].Empty);
    }

    [Fact]
    public async Task Outputs_carry_the_integrity_data_of_the_manifest()
    {
        var cell = Cell(await BuildAsync(), "events", 3);
        var manifest = (await World.Store().LatestAsync("events", TestWorld.D(3), CancellationToken.None))!.TryBind()!;

        var shown = Assert.Single(cell.Latest!.Outputs["items"].Objects);
        var recorded = Assert.Single(manifest.Outputs["items"].Objects);
        Assert.Equal(recorded.Key, shown.Key);
        Assert.Equal(recorded.Bytes, shown.Bytes);
        Assert.Matches("^[0-9a-f]{64}$", shown.Sha256!);
        Assert.Equal(recorded.Sha256, shown.Sha256);
        Assert.Equal(manifest.RunId, cell.Latest.RunId);
        Assert.Equal(manifest.StartedAt, cell.Latest.StartedAt);
        Assert.Equal(manifest.DurationMs, cell.Latest.DurationMs);
    }

    [Fact]
    public async Task Complete_through_is_the_one_landfall_status_computes()
    {
        var report = await BuildAsync();
        var statuses = await World.Host().StatusAsync(new StatusRequest(), CancellationToken.None);

        Assert.Equal(AuditScenario.ExpectedCompleteThrough, report.CompleteThrough);
        Assert.Equal(statuses.CompleteThrough, report.CompleteThrough);
        foreach (var status in statuses.Sources)
        {
            Assert.Equal(status.CompleteThrough, report.Sources.Single(s => s.Name == status.Source).CompleteThrough);
        }
    }

    [Fact]
    public async Task Complete_through_counts_dates_outside_the_reported_range()
    {
        var report = await BuildAsync(from: TestWorld.D(5), to: TestWorld.D(6));

        Assert.Equal(TestWorld.D(6), report.Sources.Single(s => s.Name == "events").CompleteThrough);
        Assert.Equal(AuditScenario.ExpectedCompleteThrough, report.CompleteThrough);
    }

    [Fact]
    public async Task The_default_range_runs_from_the_earliest_manifest_to_the_last_complete_date()
    {
        var report = await BuildAsync();

        Assert.Equal(TestWorld.D(1), report.From);
        Assert.Equal(TestWorld.D(10), report.To);
        Assert.Equal(10, report.Dates.Count);
        Assert.All(report.Sources, s => Assert.Equal(report.Dates, s.Cells.Select(c => c.Date)));
    }

    [Fact]
    public async Task From_and_to_bound_the_cells_and_may_reach_past_any_manifest()
    {
        var report = await BuildAsync(from: TestWorld.D(3), to: TestWorld.D(14));

        Assert.Equal(TestWorld.D(3), report.Dates[0]);
        Assert.Equal(TestWorld.D(14), report.Dates[^1]);
        Assert.Equal(AuditCellStatus.Failed, Cell(report, "orders", 3).Status);
        Assert.Equal(AuditCellStatus.NeverIngested, Cell(report, "orders", 14).Status);
        Assert.DoesNotContain(report.Sources.SelectMany(s => s.Cells), c => c.Date < TestWorld.D(3));
    }

    [Fact]
    public async Task A_reversed_or_huge_range_is_refused()
    {
        await Assert.ThrowsAsync<InvalidRequestException>(() => BuildAsync(from: TestWorld.D(5), to: TestWorld.D(4)));
        await Assert.ThrowsAsync<InvalidRequestException>(() => BuildAsync(from: new DateOnly(2000, 1, 1), to: TestWorld.D(4)));
    }

    [Fact]
    public async Task Sources_only_in_the_lake_are_listed_after_the_configured_ones_unless_sources_were_picked()
    {
        var all = await BuildAsync();
        var picked = await BuildAsync(includeUnconfigured: false);

        Assert.Equal(["orders", "events", "partner", AuditScenario.HostileSource], all.Sources.Select(s => s.Name));
        Assert.False(all.Sources[^1].Configured);
        Assert.Null(all.Sources[^1].CompleteThrough);
        Assert.Equal(["orders", "events", "partner"], picked.Sources.Select(s => s.Name));
    }

    [Fact]
    public async Task Hostile_names_and_messages_stay_inert_data_in_the_html()
    {
        var html = await WriteHtmlAsync(await BuildAsync());

        // Exactly the two script elements the writer emits: nothing in the data closed one or opened another.
        Assert.Equal(2, Regex.Count(html, "<script", RegexOptions.IgnoreCase));
        Assert.Equal(2, Regex.Count(html, "</script", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("<!--", html);
        Assert.DoesNotContain("\u2028", html);
        Assert.DoesNotContain("\u2029", html);
        Assert.DoesNotContain("<b>bold", html);
        Assert.DoesNotContain("alert(1)<", html);

        var data = DataBlock(html);
        Assert.DoesNotContain('<', data);
        Assert.DoesNotContain('>', data);
        using var doc = JsonDocument.Parse(data);
        var hostile = doc.RootElement.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == AuditScenario.HostileSource);
        var error = hostile.GetProperty("trails").GetProperty(AuditScenario.Day(2))[0].GetProperty("errors")[0];
        Assert.Equal(AuditScenario.HostileMessage, error.GetProperty("message").GetString());

        // The attribute round-trips to the exact name.
        var attribute = Regex.Match(html, "<tr data-index=\"3\" data-source=\"([^\"]*)\"").Groups[1].Value;
        Assert.Equal(AuditScenario.HostileSource, System.Net.WebUtility.HtmlDecode(attribute));
    }

    [Fact]
    public async Task Each_cell_of_the_html_carries_source_date_and_status()
    {
        var report = await BuildAsync(includeUnconfigured: false);
        var html = await WriteHtmlAsync(report);

        var cells = CellPattern().Matches(html).ToDictionary(m => (m.Groups[1].Value, m.Groups[2].Value), m => m.Groups[3].Value);
        Assert.Equal(3 * 10, cells.Count);
        foreach (var source in report.Sources)
        {
            foreach (var cell in source.Cells)
            {
                Assert.Equal(AuditCellStatusNames.Word(cell.Status), cells[(source.Name, ManifestKeys.FormatDate(cell.Date))]);
            }
        }
        Assert.Contains($"data-date=\"{ManifestKeys.FormatDate(AuditScenario.ExpectedCompleteThrough)}\"><div class=\"label\">Lake complete through", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal));
        Assert.DoesNotContain("https://", html);
    }

    private static async Task<string> WriteHtmlAsync(AuditReport report)
    {
        using var stream = new MemoryStream();
        await AuditHtmlWriter.WriteAsync(report, stream, CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string DataBlock(string html)
    {
        var open = $"<script type=\"application/json\" id=\"{AuditHtmlWriter.DataElementId}\">";
        var start = html.IndexOf(open, StringComparison.Ordinal) + open.Length;
        return html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("<td[^>]* data-source=\"([^\"]*)\" data-date=\"([^\"]*)\" data-status=\"([^\"]*)\"")]
    private static partial Regex CellPattern();
}
