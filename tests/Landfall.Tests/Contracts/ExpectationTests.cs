using Landfall.Runs;
using Landfall.Testing;

namespace Landfall.Tests.Contracts;

/// <summary>Volume expectations on the files source: fixed bounds, the trailing median, levels, too little history, acceptance.</summary>
public sealed class ExpectationTests
{
    private static string Rows(int n) => "id\n" + string.Concat(Enumerable.Range(1, n).Select(i => $"{i}\n"));

    [Fact]
    public async Task A_day_with_a_tenth_of_the_usual_rows_fails_the_trailing_check_with_the_figures_it_used()
    {
        using var world = new ContractWorld("format: csv\nexpect:\n  trailing: {dates: 7, min_dates: 3, min_ratio: 0.5, max_ratio: 2}");
        for (var day = 1; day <= 7; day++)
        {
            world.Drop(TestWorld.D(day), "orders.csv", Rows(100 + day));
            Assert.Equal(RunStatus.Success, (await world.RunAsync(TestWorld.D(day))).Status);
        }
        world.Drop(TestWorld.D(8), "orders.csv", Rows(10));

        var low = await world.RunAsync(TestWorld.D(8));

        Assert.Equal((RunStatus.Failed, "expectation_failed"), (low.Status, low.Reason));
        Assert.Contains("trailing: 10 rows, outside 0.5x..2x of the median 104 of the last 7 earlier successful dates (2026-01-01..2026-01-07)",
            low.Errors[0].Message);
        var check = (await world.ManifestAsync(low)).GetProperty("outputs").GetProperty("orders").GetProperty("expectations")[0];
        Assert.Equal(("trailing", "failed", 10L, 104.0, 52.0), (check.GetProperty("name").GetString(), check.GetProperty("status").GetString(),
            check.GetProperty("value").GetInt64(), check.GetProperty("median").GetDouble(), check.GetProperty("low").GetDouble()));
        Assert.Equal(7, check.GetProperty("trailing").GetArrayLength());
        Assert.DoesNotContain("2026-01-08", await world.CurrentDatesAsync());

        var accepted = await world.RunAsync(TestWorld.D(8), acceptExpectations: true);
        Assert.Equal(RunStatus.Success, accepted.Status);
        Assert.Equal("expectation trailing", (await world.ManifestAsync(accepted)).GetProperty("accepted")[0].GetProperty("what").GetString());
    }

    [Fact]
    public async Task Too_few_earlier_successes_say_so_and_pass()
    {
        using var world = new ContractWorld("format: csv\nexpect:\n  trailing: {min_dates: 3}");
        world.Drop(TestWorld.D(1), "orders.csv", Rows(100));
        world.Drop(TestWorld.D(2), "orders.csv", Rows(1));

        await world.RunAsync(TestWorld.D(1));
        var second = await world.RunAsync(TestWorld.D(2));

        Assert.Equal(RunStatus.Success, second.Status);
        var check = (await world.ManifestAsync(second)).GetProperty("outputs").GetProperty("orders").GetProperty("expectations")[0];
        Assert.Equal("insufficient_history", check.GetProperty("status").GetString());
        Assert.Contains("1 earlier successful dates", check.GetProperty("note").GetString());
    }

    [Fact]
    public async Task Same_weekday_compares_only_with_the_same_weekday()
    {
        using var world = new ContractWorld("format: csv\nexpect:\n  trailing: {dates: 2, min_dates: 2, same_weekday: true}");
        // 2026-01-03 and 2026-01-10 are Saturdays with few rows; the days between have many.
        for (var day = 1; day <= 16; day++)
        {
            world.Drop(TestWorld.D(day), "orders.csv", Rows(day is 3 or 10 or 17 ? 5 : 100));
            await world.RunAsync(TestWorld.D(day));
        }
        world.Drop(TestWorld.D(17), "orders.csv", Rows(5));

        var saturday = await world.RunAsync(TestWorld.D(17));

        Assert.Equal(RunStatus.Success, saturday.Status);
        var check = (await world.ManifestAsync(saturday)).GetProperty("outputs").GetProperty("orders").GetProperty("expectations")[0];
        Assert.Equal((5.0, "passed"), (check.GetProperty("median").GetDouble(), check.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task An_empty_drop_fails_min_objects_and_a_warn_level_bound_succeeds_with_a_warning()
    {
        using var world = new ContractWorld("format: csv\nallow_empty: true\nexpect:\n  min_objects: 1\n  min_rows: {value: 5, level: warn}");
        world.Drop(TestWorld.D(2), "orders.csv", Rows(2));

        var empty = await world.RunAsync(TestWorld.D(1));
        var few = await world.RunAsync(TestWorld.D(2));

        Assert.Equal((RunStatus.Failed, "expectation_failed"), (empty.Status, empty.Reason));
        Assert.Contains("min_objects: 0 objects, below the bound 1", empty.Errors[0].Message);
        Assert.Equal(RunStatus.Success, few.Status);
        Assert.Contains("min_rows: 2 rows, below the bound 5", Assert.Single(few.Warnings).Message);
    }

    [Theory]
    [InlineData("expect:\n  min_rows: 10", "min_rows needs rows, and this entity's rows are not known")]
    [InlineData("format: csv\nexpect:\n  min_rows: -1", "'-1' is not a whole number")]
    [InlineData("format: csv\nexpect: {}", "give at least one of")]
    [InlineData("format: csv\nschema_contract: strict", "'strict' is not a schema mode; expected evolve, warn or freeze")]
    [InlineData("format: {type: parquet, delimiter: ';'}", "does not apply to format type 'parquet'")]
    [InlineData("format: xml", "'xml' is not a format; expected raw, csv, jsonl or parquet")]
    [InlineData("format: csv\nexpect:\n  trailing: {min_ratio: 1.5}", "1.5 is out of range (0 to 1)")]
    public void A_contract_that_makes_no_sense_is_a_config_error_naming_the_key(string yaml, string message)
    {
        using var world = new ContractWorld(yaml);
        world.WriteConfig();

        var error = Assert.Throws<Landfall.Config.ConfigException>(() => world.World.LoadConfig());

        Assert.Contains(message, error.Message);
        Assert.Contains("sources[0].entities[0]", error.Message);
    }
}
