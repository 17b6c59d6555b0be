using Landfall.Config;
using Landfall.Hosting;
using Landfall.Reconcile;

namespace Landfall.Tests.Reconcile;

/// <summary>The <c>reconcile:</c> section of a source: the same keys for every kind, read once by the config loader.</summary>
public sealed class ReconcileConfigTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("landfall-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private LandfallConfig Parse(string reconcile, string kind = "files") => ConfigLoader.Parse($"""
        sources:
          - name: orders
            kind: {kind}
            start_date: 2026-01-01
        {reconcile}
            entities:
              - name: items
                directory: drop/{"{date}"}
          - name: other
            kind: files
            start_date: 2026-01-01
            entities:
              - name: items
                directory: drop/{"{date}"}
        """, "landfall.yaml", _folder);

    [Fact]
    public void A_source_without_the_section_has_the_defaults_a_7_day_window_and_no_reconcile_after_run()
    {
        var config = Parse("");

        var settings = config.Reconcile["orders"];
        Assert.Equal(7, settings.LookbackDays);
        Assert.False(settings.AfterRun);
        Assert.Equal(7, settings.AfterRunMaxDates);
    }

    [Fact]
    public void The_section_sets_the_window_the_after_run_pass_and_its_bound_for_its_source_only()
    {
        var config = Parse("    reconcile:\n      lookback_days: 30\n      after_run: true\n      after_run_max_dates: 3");

        Assert.Equal((30, true, 3), (config.Reconcile["orders"].LookbackDays, config.Reconcile["orders"].AfterRun,
            config.Reconcile["orders"].AfterRunMaxDates));
        Assert.Same(ReconcileSettings.Default, config.Reconcile["other"]);
    }

    [Theory]
    [InlineData("    reconcile:\n      lookbak_days: 3", 6, "sources[0].reconcile.lookbak_days", "unknown key 'lookbak_days'")]
    [InlineData("    reconcile:\n      lookback_days: 0", 6, "sources[0].reconcile.lookback_days", "1")]
    [InlineData("    reconcile:\n      after_run_max_dates: 1000", 6, "sources[0].reconcile.after_run_max_dates", "366")]
    [InlineData("    reconcile:\n      after_run: sometimes", 6, "sources[0].reconcile.after_run", "sometimes")]
    public void A_bad_value_names_the_file_the_line_and_the_key(string reconcile, long line, string path, string fragment)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(reconcile));

        Assert.Equal((line, path), (e.Line, e.Path));
        Assert.Contains(fragment, e.Message);
    }
}
