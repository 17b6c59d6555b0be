using Landfall.Runs;
using Landfall.Testing;

namespace Landfall.Tests.Contracts;

/// <summary>Schema contracts on the files source and a local lake: what each mode does with a changed CSV header, and acceptance.</summary>
public sealed class SchemaContractTests
{
    private static readonly DateOnly D1 = TestWorld.D(1), D2 = TestWorld.D(2), D3 = TestWorld.D(3);

    [Fact]
    public async Task Freeze_fails_a_date_whose_csv_header_changed_names_what_changed_and_a_run_that_accepts_it_succeeds()
    {
        using var world = new ContractWorld("format: csv\nschema_contract: freeze");
        world.Drop(D1, "orders.csv", "id,amount,coupon\n1,10,x\n");
        world.Drop(D2, "orders.csv", "id,coupon,amount,discount\n1,x,10,2\n2,y,11,0\n");

        var first = await world.RunAsync(D1);
        var changed = await world.RunAsync(D2);

        Assert.Equal(RunStatus.Success, first.Status);
        Assert.Equal((RunStatus.Failed, "schema_changed"), (changed.Status, changed.Reason));
        var error = Assert.Single(changed.Errors);
        Assert.Equal("orders", error.Entity);
        Assert.Contains("added 'discount'", error.Message);
        Assert.Contains("reordered (id, amount, coupon) to (id, coupon, amount)", error.Message);
        Assert.Contains("orders.csv", error.Message);
        var manifest = await world.ManifestAsync(changed);
        var evidence = manifest.GetProperty("outputs").GetProperty("orders").GetProperty("schema_change");
        Assert.Equal("freeze", evidence.GetProperty("mode").GetString());
        Assert.Equal("2026-01-01", evidence.GetProperty("compared_with").GetProperty("ingest_date").GetString());
        Assert.Equal("discount", evidence.GetProperty("diff").GetProperty("added")[0].GetProperty("name").GetString());
        Assert.Equal(2, manifest.GetProperty("outputs").GetProperty("orders").GetProperty("totals").GetProperty("rows").GetInt64());
        Assert.Equal(["2026-01-01"], await world.CurrentDatesAsync());

        var retried = await world.RunAsync(D2);
        var accepted = await world.RunAsync(D2, acceptSchema: true);

        Assert.Equal((RunStatus.Failed, "schema_changed"), (retried.Status, retried.Reason));
        Assert.Equal(RunStatus.Success, accepted.Status);
        var acceptedManifest = await world.ManifestAsync(accepted);
        var record = Assert.Single(acceptedManifest.GetProperty("accepted").EnumerateArray());
        Assert.Equal(("orders", "schema", "ana", "accept_schema"), (record.GetProperty("entity").GetString(), record.GetProperty("what").GetString(),
            record.GetProperty("by").GetString(), record.GetProperty("via").GetString()));
        Assert.Equal("ana", acceptedManifest.GetProperty("outputs").GetProperty("orders").GetProperty("schema_change").GetProperty("accepted")
            .GetProperty("by").GetString());
        Assert.Equal(["2026-01-01", "2026-01-02"], await world.CurrentDatesAsync());

        world.Drop(D3, "orders.csv", "id,coupon,amount,discount\n3,z,12,1\n");
        var next = await world.RunAsync(D3);
        Assert.Equal(RunStatus.Success, next.Status);
        Assert.False((await world.ManifestAsync(next)).GetProperty("outputs").GetProperty("orders").TryGetProperty("schema_change", out _));
    }

    [Fact]
    public async Task Warn_succeeds_with_the_change_in_the_manifest_and_a_warning_and_evolve_only_records_it()
    {
        using var world = new ContractWorld("format: csv\nschema_contract: warn");
        world.Drop(D1, "orders.csv", "id,amount\n1,10\n");
        world.Drop(D2, "orders.csv", "id\n1\n");
        world.Drop(D3, "orders.csv", "id,note\n1,x\n");

        await world.RunAsync(D1);
        var warned = await world.RunAsync(D2);
        world.EntityYaml = "format: csv";
        var evolved = await world.RunAsync(D3);

        Assert.Equal(RunStatus.Success, warned.Status);
        var warning = Assert.Single(warned.Warnings);
        Assert.Equal(("orders", "schema_changed"), (warning.Entity, warning.Type));
        Assert.Contains("removed 'amount'", warning.Message);
        var manifest = await world.ManifestAsync(warned);
        Assert.Equal("schema_changed", Assert.Single(manifest.GetProperty("warnings").EnumerateArray()).GetProperty("type").GetString());
        Assert.Equal(RunStatus.Success, evolved.Status);
        Assert.Empty(evolved.Warnings);
        var evolvedManifest = await world.ManifestAsync(evolved);
        Assert.False(evolvedManifest.TryGetProperty("warnings", out _));
        Assert.Equal("evolve", evolvedManifest.GetProperty("outputs").GetProperty("orders").GetProperty("schema_change").GetProperty("mode").GetString());
        Assert.Contains(world.World.Logs.Events, e => e.EventName == "schema_changed");
    }

    [Fact]
    public async Task Accept_schema_from_accepts_the_change_of_the_first_date_on_or_after_it_and_records_the_config_key()
    {
        using var world = new ContractWorld("format: csv\nschema_contract: freeze\naccept_schema_from: 2026-01-02");
        world.Drop(D1, "orders.csv", "id,amount\n1,10\n");
        world.Drop(D2, "orders.csv", "id,amount_eur\n1,10\n");

        await world.RunAsync(D1);
        var result = await world.RunAsync(D2);

        Assert.Equal(RunStatus.Success, result.Status);
        var accepted = (await world.ManifestAsync(result)).GetProperty("outputs").GetProperty("orders").GetProperty("schema_change").GetProperty("accepted");
        Assert.Equal("config", accepted.GetProperty("by").GetString());
        Assert.StartsWith("accept_schema_from (sources[0].entities[0].accept_schema_from", accepted.GetProperty("via").GetString());
    }

    [Fact]
    public async Task Objects_of_one_date_that_disagree_are_a_change_named_object_by_object()
    {
        using var world = new ContractWorld("format: csv\nschema_contract: freeze");
        world.Drop(D1, "a.csv", "id,amount\n1,10\n");
        world.Drop(D1, "b.csv", "id,amount\n2,11\n");
        world.Drop(D1, "c.csv", "id,amount,extra\n3,12,x\n");

        var result = await world.RunAsync(D1);

        Assert.Equal((RunStatus.Failed, "schema_changed"), (result.Status, result.Reason));
        Assert.Contains("c.csv' differs from the others of the date: added 'extra'", result.Errors[0].Message);
        var schema = (await world.ManifestAsync(result)).GetProperty("outputs").GetProperty("orders").GetProperty("schema");
        Assert.Equal(2, schema.GetProperty("objects").GetInt32());
        Assert.EndsWith("c.csv", schema.GetProperty("disagreeing")[0].GetProperty("object").GetString());
    }

    [Fact]
    public async Task The_first_date_has_nothing_to_compare_with_and_raw_records_nothing_new()
    {
        using var world = new ContractWorld("schema_contract: freeze");
        world.Drop(D1, "orders.csv", "id\n1\n");
        world.Drop(D2, "orders.csv", "other\n1\n");

        var first = await world.RunAsync(D1);
        var second = await world.RunAsync(D2);

        Assert.Equal(RunStatus.Success, second.Status);
        var orders = (await world.ManifestAsync(first)).GetProperty("outputs").GetProperty("orders");
        Assert.False(orders.TryGetProperty("schema", out _));
        Assert.False(orders.GetProperty("objects")[0].TryGetProperty("schema", out _));
        Assert.False(orders.GetProperty("totals").TryGetProperty("rows", out _));
    }
}
