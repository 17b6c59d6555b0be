using Landfall.Config;
using Landfall.Hosting;
using Landfall.Sources.Azure;

namespace Landfall.Tests.Sources.Azure;

/// <summary>Parsing and validating the azure_blob source's config: every mistake names file, line and key.</summary>
public sealed class AzureBlobSourceConfigTests
{
    private static LandfallConfig Parse(string source, string entity = "") => ConfigLoader.Parse($"""
        sources:
          - name: partner
            kind: azure_blob
            start_date: 2026-01-01
        {source}
            entities:
              - name: exports
                container: partner-drop
                prefix: "exports/{"{date:yyyy/MM/dd}"}/"
        {entity}
        """, "landfall.yaml", Path.GetTempPath());

    private static ConfigException Fails(string source, string entity = "") => Assert.Throws<ConfigException>(() => Parse(source, entity));

    private const string Url = "    account_url: https://partner.blob.core.windows.net";

    [Fact]
    public void A_minimal_source_gets_the_documented_defaults()
    {
        var source = Assert.IsType<AzureBlobSource>(Parse(Url).Sources[0]);

        Assert.Equal("azure_blob", source.Kind);
        var s = source.Settings;
        Assert.Equal(("partner", 16, true, TimeSpan.FromHours(1)), (s.Connection.AccountName, s.MaxParallelCopies, s.ServerSideCopy, s.CopySasLifetime));
        Assert.Equal(TimeSpan.Zero, s.Readiness.SettleInterval);
        Assert.Null(s.Readiness.MinAge);
        Assert.Null(s.Readiness.DoneMarker);
        var entity = source.Entity("exports");
        Assert.Equal("partner-drop", entity.Container);
        Assert.Equal("exports/2026/01/10/", entity.Prefix.Render(new DateOnly(2026, 1, 10)));
        Assert.True(entity.Glob.IsMatch("anything.bin"));
        Assert.False(entity.AllowEmpty);
        Assert.False(entity.Recursive);
        Assert.True(entity.Format.IsRaw);
    }

    [Fact]
    public void Every_source_and_entity_key_is_read()
    {
        var source = Assert.IsType<AzureBlobSource>(Parse("""
                account_url: https://partner.blob.core.windows.net
                sas_token: "?sv=2024-05-04&sp=rl&sig=abc%3D"
                max_parallel_copies: 4
                min_age: 15m
                settle_interval: 30s
                done_marker: _SUCCESS
                max_attempts: 3
                server_side_copy: false
                copy_sas_lifetime: 10m
            """, """
                    glob: "*.csv"
                    recursive: true
                    allow_empty: true
                    format: csv
            """).Sources[0]);

        var s = source.Settings;
        Assert.Equal("sv=2024-05-04&sp=rl&sig=abc%3D", s.Connection.SasToken);
        Assert.Equal((4, TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(30), 3, false, TimeSpan.FromMinutes(10)),
            (s.MaxParallelCopies, s.Readiness.MinAge, s.Readiness.SettleInterval, s.Connection.MaxAttempts, s.ServerSideCopy, s.CopySasLifetime));
        Assert.Equal("_SUCCESS", s.Readiness.DoneMarker!.Pattern);
        var e = source.Entity("exports");
        Assert.True(e.Recursive && e.AllowEmpty);
        Assert.False(e.Format.IsRaw);
        Assert.Equal("csv", source.FormatOf("exports")!.Kind.ToString().ToLowerInvariant());
    }

    [Theory]
    [InlineData("", "", "give either account_url")]
    [InlineData(Url, "    container: Partner_Drop", "not a container name")]
    [InlineData(Url + "\n    bucket: x", "", "bucket")]
    [InlineData(Url + "\n    copy_sas_lifetime: 1m", "", "out of range")]
    [InlineData(Url + "\n    max_parallel_copies: 0", "", "out of range")]
    public void Mistakes_name_the_key_and_what_is_wrong(string source, string entity, string expected)
    {
        var e = entity.Length == 0 ? Fails(source) : Assert.Throws<ConfigException>(() => ConfigLoader.Parse($"""
            sources:
              - name: partner
                kind: azure_blob
                start_date: 2026-01-01
            {source}
                entities:
                  - name: exports
                {entity}
            """, "landfall.yaml", Path.GetTempPath()));

        Assert.Contains(expected, e.Message);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void The_kind_is_registered_with_a_starter_that_parses()
    {
        var kind = LandfallKinds.BuiltIn.SourceKind("azure_blob");
        Assert.NotNull(kind);
        Assert.Contains("kind: azure_blob", kind!.StarterConfig);
        Assert.NotNull(LandfallKinds.BuiltIn.LakeKind("azure"));
    }
}
