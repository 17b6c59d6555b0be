using System.Text.Json;
using Landfall.Manifests;
using Landfall.Layout;
using Landfall.Planning;
using Landfall.Testing;

namespace Landfall.Tests.Runs;

/// <summary>
/// The orchestrators' contract: <c>plan --json</c> lists one unit per (source, date) that <c>run</c> with the same options would
/// visit, and running those units as separate <c>run --source S --date D</c>, in any order and in parallel, leaves the lake as one
/// <c>run --catch-up</c> does. Today is 2026-01-11 (fake clock), so the last complete date is 2026-01-10.
/// </summary>
public sealed class PlanUnitsTests : IDisposable
{
    private readonly List<TestWorld> _worlds = [];

    public void Dispose() => _worlds.ForEach(w => w.Dispose());

    private TestWorld NewWorld()
    {
        var world = TestWorld.OnLocalLake();
        _worlds.Add(world);
        return world;
    }

    /// <summary>
    /// A lake with history: beta done on 01-01, both on 01-02 (alpha's 01-01 is a hole behind every source's next date, which a
    /// plain or catch-up run repairs first); on 01-03 alpha done and beta failed (its file came late); alpha also done on 01-05, so alpha's
    /// 01-04 is a hole a catch-up fills. Every file of 01-01..01-10 is there now.
    /// </summary>
    private static async Task<TestWorld> WithHistoryAsync(TestWorld world)
    {
        world.DropAll(TestWorld.D(1), TestWorld.D(2));
        Assert.Equal(0, (await world.CliAsync("run", "--date", "2026-01-01", "--source", "beta")).ExitCode);
        Assert.Equal(0, (await world.CliAsync("run", "--date", "2026-01-02")).ExitCode);
        world.Drop("alpha", TestWorld.D(3));
        Assert.Equal(1, (await world.CliAsync("run", "--date", "2026-01-03")).ExitCode);
        world.Drop("alpha", TestWorld.D(5));
        Assert.Equal(0, (await world.CliAsync("run", "--date", "2026-01-05", "--source", "alpha")).ExitCode);
        world.Drop("beta", TestWorld.D(3));
        world.Drop("alpha", TestWorld.D(4));
        world.Drop("beta", TestWorld.D(4));
        world.DropAll(TestWorld.D(6), TestWorld.D(10));
        world.Drop("beta", TestWorld.D(5));
        return world;
    }

    private static async Task<PlanResult> PlanAsync(TestWorld world, PlanRequest request)
    {
        using var host = world.Host();
        return await host.PlanAsync(request, CancellationToken.None);
    }

    private static string Describe(IEnumerable<WorkUnit> units) =>
        string.Join(" ", units.Select(u => $"{u.Source}@{u.Date.Day}:{u.Action.ToWord()}:{u.Reason}"));

    [Fact]
    public async Task Plan_catch_up_lists_every_source_on_every_date_a_catch_up_run_would_visit()
    {
        var world = await WithHistoryAsync(NewWorld());

        var plan = await PlanAsync(world, new PlanRequest { CatchUp = true });

        // The catch-up starts at the furthest-behind source (beta, after 01-02) and runs every source on every date to 01-10.
        Assert.Equal(TestWorld.D(3), plan.Date);
        Assert.Equal(
            "alpha@1:ingest:never_ingested " +
            "alpha@3:skip:latest_manifest_success beta@3:ingest:latest_manifest_failed " +
            "alpha@4:ingest:no_manifest beta@4:ingest:no_manifest " +
            "alpha@5:skip:latest_manifest_success beta@5:ingest:no_manifest " +
            string.Join(" ", Enumerable.Range(6, 5).Select(d => $"alpha@{d}:ingest:no_manifest beta@{d}:ingest:no_manifest")),
            Describe(plan.Units));
    }

    [Fact]
    public async Task Plan_catch_up_of_a_lake_that_is_up_to_date_has_no_units()
    {
        var world = NewWorld();
        world.DropAll(TestWorld.D(1), TestWorld.D(10));
        Assert.Equal(0, (await world.CliAsync("run", "--catch-up")).ExitCode);

        var plan = await PlanAsync(world, new PlanRequest { CatchUp = true });

        Assert.Null(plan.Date);
        Assert.Empty(plan.Units);
    }

    [Fact]
    public async Task Plan_for_a_range_lists_every_selected_source_on_every_date_of_the_range()
    {
        var world = await WithHistoryAsync(NewWorld());

        var plan = await PlanAsync(world, new PlanRequest { From = TestWorld.D(2), To = TestWorld.D(4), Sources = ["alpha"] });

        Assert.Equal("alpha@2:skip:latest_manifest_success alpha@3:skip:latest_manifest_success alpha@4:ingest:no_manifest",
            Describe(plan.Units));
    }

    [Fact]
    public async Task Plan_for_one_date_has_one_unit_per_source()
    {
        var world = await WithHistoryAsync(NewWorld());

        var next = await PlanAsync(world, new PlanRequest());
        var asked = await PlanAsync(world, new PlanRequest { Date = TestWorld.D(4) });

        // The next date, with alpha's holes (behind its newest success, 01-05) repaired too; a run for a date asked for repairs nothing.
        Assert.Equal("alpha@1:ingest:never_ingested alpha@3:skip:latest_manifest_success beta@3:ingest:latest_manifest_failed " +
            "alpha@4:ingest:never_ingested", Describe(next.Units));
        Assert.Equal("alpha@4:ingest:no_manifest beta@4:ingest:no_manifest", Describe(asked.Units));
    }

    [Fact]
    public async Task Plan_json_keeps_its_fields_and_adds_the_units()
    {
        var world = await WithHistoryAsync(NewWorld());

        var outcome = await world.CliAsync("plan", "--catch-up", "--json");

        Assert.Equal(0, outcome.ExitCode);
        var root = JsonDocument.Parse(outcome.Out).RootElement;
        Assert.Equal(["date", "last_complete_date", "why", "sources", "repairs", "units"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-01-03", root.GetProperty("date").GetString());
        var first = root.GetProperty("units")[2];
        Assert.Equal(["source", "date", "action", "reason"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("beta", "2026-01-03", "ingest", "latest_manifest_failed"), (first.GetProperty("source").GetString(),
            first.GetProperty("date").GetString(), first.GetProperty("action").GetString(), first.GetProperty("reason").GetString()));
        Assert.Equal(17, root.GetProperty("units").GetArrayLength());
    }

    [Fact]
    public async Task Plan_text_shows_the_units_and_their_count()
    {
        var world = await WithHistoryAsync(NewWorld());

        var outcome = await world.CliAsync("plan", "--from", "2026-01-03", "--to", "2026-01-04");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("2026-01-03  beta    ingest  latest_manifest_failed", outcome.Out);
        Assert.Contains("4 unit(s): 3 to ingest, 1 to skip.", outcome.Out);
    }

    [Theory]
    [InlineData("--date", "2026-01-02", "--catch-up")]
    [InlineData("--from", "2026-01-02", "--to", "2026-01-03", "--date", "2026-01-02")]
    [InlineData("--from", "2026-01-02")]
    [InlineData("--from", "2026-01-05", "--to", "2026-01-03")]
    [InlineData("--from", "2026-01-05", "--to", "2026-01-11")]
    [InlineData("--date", "2026-01-12")]
    [InlineData("--catch-up", "--source", "gamma")]
    public async Task Plan_refuses_the_options_run_refuses_with_the_same_message(params string[] options)
    {
        var world = NewWorld();

        var plan = await world.CliAsync(["plan", .. options]);
        var run = await world.CliAsync(["run", .. options]);

        Assert.Equal(2, plan.ExitCode);
        Assert.Equal(run.ExitCode, plan.ExitCode);
        Assert.Equal(run.Error, plan.Error);
        Assert.Equal("", plan.Out);
    }

    [Fact]
    public async Task The_units_of_a_plan_run_in_any_order_and_in_parallel_leave_the_lake_a_catch_up_leaves()
    {
        var fanned = await WithHistoryAsync(NewWorld());
        var twin = await WithHistoryAsync(NewWorld());

        var plan = JsonDocument.Parse((await fanned.CliAsync("plan", "--catch-up", "--json")).Out).RootElement;
        var units = plan.GetProperty("units").EnumerateArray()
            .Select(u => (Source: u.GetProperty("source").GetString()!, Date: u.GetProperty("date").GetString()!)).ToList();
        // Skip units too: an orchestrator may run every unit; a skip writes nothing.
        var shuffled = units.OrderBy(_ => Random.Shared.Next()).ToList();
        await Parallel.ForEachAsync(shuffled, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (unit, _) =>
        {
            var outcome = await fanned.CliAsync("run", "--source", unit.Source, "--date", unit.Date, "--json");
            Assert.True(outcome.ExitCode == 0, $"{unit}: exit {outcome.ExitCode}: {outcome.Error}");
        });
        Assert.Equal(0, (await twin.CliAsync("run", "--catch-up")).ExitCode);

        var expected = await LakeStateAsync(twin);
        var actual = await LakeStateAsync(fanned);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (unit, state) in expected)
        {
            Assert.Equal(state, actual[unit]);
        }
        // Every (source, date) of 01-01..01-10 has exactly one success in both, alpha's 01-01 (a hole) repaired by both.
        Assert.Equal(20, expected.Count);
        Assert.All(expected.Values, s => Assert.Equal(1, s.Successes));
        Assert.Empty((await PlanAsync(fanned, new PlanRequest { CatchUp = true })).Units);
    }

    /// <summary>
    /// Per (source, date): the successes, the failed manifests, and the objects the latest success names (relative to its run's
    /// prefix, with their SHA-256): what a lake holds, without the run ids and times that differ between two lakes.
    /// </summary>
    private static async Task<Dictionary<(string, string), UnitState>> LakeStateAsync(TestWorld world)
    {
        var state = new Dictionary<(string, string), UnitState>();
        foreach (var source in world.SourceNames)
        {
            for (var day = 1; day <= 10; day++)
            {
                var date = TestWorld.D(day);
                var manifests = await world.Store().AllAsync(source, date, CancellationToken.None);
                if (manifests.Count == 0)
                {
                    continue;
                }
                var latest = (await world.Store().LatestAsync(source, date, CancellationToken.None))!;
                var objects = latest.IsSuccess
                    ? string.Join(",", latest.TryBind()!.Outputs["items"].Objects
                        .Select(o => $"{o.Key[(o.Key.IndexOf($"/run_id={latest.RunId}/", StringComparison.Ordinal) + latest.RunId.Length + 9)..]}={o.Sha256}"))
                    : "";
                state[(source, ManifestKeys.FormatDate(date))] = new UnitState(
                    manifests.Count(m => m.IsSuccess), manifests.Count(m => m.Status == ManifestStatus.Failed), latest.StatusText, objects);
            }
        }
        return state;
    }

    private sealed record UnitState(int Successes, int Failed, string? LatestStatus, string Objects);
}
