using Landfall.IntegrationTests.S3;
using Landfall.IntegrationTests.Sources.S3;
using Landfall.IntegrationTests.Sources.Sftp;
using Landfall.Runs;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Contracts;

/// <summary>A partner's CSV whose header changes, on the real sshd: freeze fails the date, naming the object; accepting it succeeds.</summary>
[Collection(SshdCollection.Name)]
public sealed class SftpContractTests(SshdServer server)
{
    [Fact]
    public async Task A_partner_csv_whose_header_changes_fails_under_freeze_and_succeeds_once_accepted()
    {
        using var world = new SftpWorld(server);
        world.Entity["glob"] = "\"*.csv\"";
        world.Entity["format"] = "{type: csv, delimiter: \";\"}";
        world.Entity["schema_contract"] = "freeze";
        var day2 = SftpWorld.Day.AddDays(1);
        world.Drop("invoices.csv", "id;amount;currency\n1;10;EUR\n");
        world.Drop("invoices.csv", "id;amount;currency;vat\n1;10;EUR;2\n2;11;EUR;2\n", day2);

        var first = await world.RunAsync();
        var changed = await world.RunAsync(day2);

        Assert.Equal("success", first.Status);
        Assert.Equal(["id", "amount", "currency"], first.Items.GetProperty("schema").GetProperty("columns").EnumerateArray()
            .Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(("failed", "schema_changed"), (changed.Status, changed.ErrorType));
        Assert.Contains("added 'vat' in '", changed.ErrorMessage);
        Assert.Contains("invoices.csv'", changed.ErrorMessage);
        Assert.Equal(2, changed.Items.GetProperty("totals").GetProperty("rows").GetInt64());

        var accepted = await world.CliAsync("run", "--date", "2026-01-02", "--source", "partner", "--accept-schema", "--accepted-by", "ana");

        Assert.Equal(0, accepted.ExitCode);
        var history = await world.CliAsync("schema", "--source", "partner");
        Assert.Contains("2026-01-02 against 2026-01-01 (freeze, accepted by ana): added 'vat'", history.Out);
    }
}

/// <summary>S3 drops with a format: streamed (not copied server-side) so that their bytes are read; JSON lines, Parquet, an empty drop.</summary>
[Collection(S3Collection.Name)]
public sealed class S3ContractTests(S3Server server)
{
    private static RunOptions Accepting => new() { AcceptSchema = true, AcceptedBy = "ana" };

    [Fact]
    public async Task A_json_lines_drop_whose_field_changes_type_fails_under_freeze_with_the_retype_and_is_accepted()
    {
        await using var world = new S3SourceWorld(server, entityYamlExtra: "format: jsonl\nschema_contract: freeze");
        await world.CreateBucketAsync();
        await world.PutAsync(S3SourceWorld.DatePrefix.Replace("/10/", "/09/", StringComparison.Ordinal) + "events.csv",
            "{\"id\":1,\"amount\":10.5}\n{\"id\":2,\"amount\":null}\n");
        await world.PutAsync(S3SourceWorld.DatePrefix + "events.csv", "{\"id\":3,\"amount\":\"10.5\"}\n");
        var runner = world.Runner();

        var before = Assert.Single(await runner.RunDateAsync(S3SourceWorld.Date.AddDays(-1), new RunOptions(), CancellationToken.None));
        var changed = await world.RunAsync();

        S3SourceWorld.AssertSuccess(before);
        Assert.Equal((RunStatus.Failed, "schema_changed"), (changed.Status, changed.Reason));
        Assert.Contains("retyped 'amount' from number to string", changed.Errors[0].Message);
        var manifest = await world.ManifestAsync(changed);
        Assert.Equal("streamed", S3SourceWorld.Str(manifest.Outputs["exports"].Objects[0], "copy_method"));
        Assert.Equal(1, manifest.Outputs["exports"].Totals.Rows);

        var accepted = await runner.RunSourceAsync(world.Source, S3SourceWorld.Date, Accepting, CancellationToken.None);
        S3SourceWorld.AssertSuccess(accepted);
    }

    [Fact]
    public async Task A_parquet_file_whose_footer_schema_changed_is_named_and_an_empty_drop_fails_min_objects()
    {
        await using var world = new S3SourceWorld(server, entityYamlExtra: "format: parquet\nschema_contract: freeze\nallow_empty: true\nexpect:\n  min_objects: 1");
        await world.CreateBucketAsync();
        var day8 = "exports/2026/01/08/";
        var day9 = "exports/2026/01/09/";
        await world.PutAsync(day8 + "part.csv", TestParquet.File(5));
        await world.PutAsync(day9 + "part.csv", TestParquet.File(5, columns: 2));
        var runner = world.Runner();

        var first = Assert.Single(await runner.RunDateAsync(new DateOnly(2026, 1, 8), new RunOptions(), CancellationToken.None));
        var changed = Assert.Single(await runner.RunDateAsync(new DateOnly(2026, 1, 9), new RunOptions(), CancellationToken.None));
        var empty = await world.RunAsync();

        S3SourceWorld.AssertSuccess(first);
        Assert.Equal((RunStatus.Failed, "schema_changed"), (changed.Status, changed.Reason));
        Assert.Contains("removed 'id' (INT64 (INT(64,signed)))", changed.Errors[0].Message);
        Assert.Contains($"s3://{world.SourceBucket}/{day9}part.csv", changed.Errors[0].Message);
        Assert.Equal((RunStatus.Failed, "expectation_failed"), (empty.Status, empty.Reason));
        Assert.Contains("min_objects: 0 objects, below the bound 1", empty.Errors[0].Message);

        var accepted = Assert.Single(await runner.RunDateAsync(new DateOnly(2026, 1, 9), Accepting, CancellationToken.None));
        S3SourceWorld.AssertSuccess(accepted);
    }
}
