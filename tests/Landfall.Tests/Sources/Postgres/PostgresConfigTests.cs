using Landfall.Config;
using Landfall.Hosting;
using Landfall.Sources.Postgres;

namespace Landfall.Tests.Sources.Postgres;

/// <summary>The postgres kind's config: what it accepts and the errors that name file, line and key.</summary>
public sealed class PostgresConfigTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("landfall-pgconf-").FullName;

    [Fact]
    public void A_source_with_secrets_from_the_environment_loads_with_its_settings()
    {
        Environment.SetEnvironmentVariable("LANDFALL_PGCONF_TEST_PW", "s3cret");
        var config = Load("""
            connection_string: "Host=db;Database=shop;Username=u;Password=${LANDFALL_PGCONF_TEST_PW}"
            ssl_mode: verify-full
            timezone: Europe/Paris
            row_group_rows: 5000
            compression: snappy
            entities:
              - name: orders
                query: "SELECT * FROM orders WHERE d = @ingest_date;"
              - name: customers
                table: Customers
                schema: Sales
            """);

        var source = Assert.IsType<PostgresSource>(Assert.Single(config.Sources));
        Assert.Equal(["orders", "customers"], source.Entities);
        Assert.Equal("SELECT * FROM orders WHERE d = @ingest_date", source.Entity("orders").Sql);
        Assert.Equal("SELECT * FROM \"Sales\".\"Customers\"", source.Entity("customers").Sql);
        Assert.Equal(5000, source.Settings.RowGroupRows);
        Assert.Equal("Europe/Paris", source.Settings.TimeZone.Id);
        Assert.Equal("u@db:5432/shop", source.Settings.Describe());
        Assert.Equal("password *** rejected", source.Settings.Redact("password s3cret rejected"));
        var built = source.Settings.Build();
        Assert.Equal("landfall", built.ApplicationName);
        Assert.Equal(Npgsql.SslMode.VerifyFull, built.SslMode);
    }

    [Theory]
    [InlineData("ssl_mode: sometimes\nentities:\n  - name: a\n    table: t", "ssl_mode", "not a TLS mode")]
    [InlineData("timezone: Mars/Olympus\nentities:\n  - name: a\n    table: t", "timezone", "not a known time zone")]
    [InlineData("compression: lzma\nentities:\n  - name: a\n    table: t", "compression", "not a compression")]
    [InlineData("entities:\n  - name: a\n    table: t\n    query: SELECT 1", "entities[0]", "exactly one of 'table' or 'query'")]
    [InlineData("entities:\n  - name: a", "entities[0]", "exactly one of 'table' or 'query'")]
    [InlineData("entities:\n  - name: a\n    tabel: t", "tabel", "unknown key")]
    [InlineData("row_group_rows: 0\nentities:\n  - name: a\n    table: t", "row_group_rows", "out of range")]
    public void A_bad_setting_is_an_error_naming_its_key(string yaml, string key, string problem)
    {
        var ex = Assert.Throws<ConfigException>(() => Load("connection_string: \"Host=db;Username=u;Password=p\"\n" + yaml));
        Assert.Contains(key, ex.Path, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_is_an_error_that_does_not_echo_it()
    {
        var ex = Assert.Throws<ConfigException>(() => Load("connection_string: \"Host=db;Password=hunter2;Bogus Key=1\"\nentities:\n  - name: a\n    table: t"));
        Assert.Contains("connection_string", ex.Path, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private LandfallConfig Load(string sourceYaml)
    {
        var indented = string.Join("\n", sourceYaml.Split('\n').Select(l => "    " + l));
        var path = Path.Combine(_folder, "landfall.yaml");
        File.WriteAllText(path, "sources:\n  - name: pg\n    kind: postgres\n    start_date: 2026-01-01\n" + indented + "\n");
        return ConfigLoader.Load(path);
    }
}
