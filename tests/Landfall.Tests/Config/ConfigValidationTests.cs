using Landfall.Cli;
using Landfall.Cli.Output;
using Landfall.Config;
using Landfall.Hosting;
using Landfall.Lake.Local;
using Landfall.Sources.Files;
using Landfall.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Landfall.Tests.Config;

/// <summary>
/// Broken landfall.yaml files: each gives one ConfigException naming the file, the line and the key path.
/// Line numbers are those of the YAML written inline; <see cref="First"/> is lines 1-8, so a second source starts at line 9.
/// </summary>
public sealed class ConfigValidationTests(ITestOutputHelper output) : IDisposable
{
    private const string File = "landfall.yaml";

    // Lines 1-8: a valid first source.
    private const string First = """
        env: dev
        sources:
          - name: orders
            kind: files
            start_date: 2026-01-01
            entities:
              - name: items
                directory: drop/{date}
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("landfall-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ConfigException Broken(string yaml)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, File, _folder));
        output.WriteLine(e.Message);
        return e;
    }

    /// <summary>Asserts the one error: its line, its key path, a message that starts with "file:line path:" and names the fragments.</summary>
    private ConfigException AssertError(string yaml, long line, string path, params string[] fragments)
    {
        var e = Broken(yaml);
        Assert.Equal(File, e.File);
        Assert.Equal(line, e.Line);
        Assert.Equal(path, e.Path);
        Assert.StartsWith($"{File}:{line} {path}: ", e.Message);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, e.Message);
        }
        return e;
    }

    private static string WithSecond(string second) => First + "\n" + second;

    // ---- sources and their fields ----

    [Fact]
    public void Unknown_source_kind_names_the_kind_and_the_known_kinds()
    {
        var yaml = WithSecond("""
              - name: refunds
                kind: ftp
                start_date: 2026-01-01
                entities:
                  - name: items
                    directory: drop/{date}
            """);
        AssertError(yaml, 10, "sources[1].kind", "unknown kind 'ftp'", "files");
    }

    [Fact]
    public void Missing_source_name_names_the_source_item()
    {
        var yaml = WithSecond("""
              - kind: files
                start_date: 2026-01-01
                entities:
                  - name: items
                    directory: drop/{date}
            """);
        AssertError(yaml, 9, "sources[1].name", "is required");
    }

    [Fact]
    public void Missing_source_kind_names_the_source_item()
    {
        var yaml = WithSecond("""
              - name: refunds
                start_date: 2026-01-01
                entities:
                  - name: items
                    directory: drop/{date}
            """);
        AssertError(yaml, 9, "sources[1].kind", "is required");
    }

    [Fact]
    public void Missing_start_date_names_the_source_item()
    {
        var yaml = WithSecond("""
              - name: refunds
                kind: files
                entities:
                  - name: items
                    directory: drop/{date}
            """);
        AssertError(yaml, 9, "sources[1].start_date", "is required");
    }

    [Fact]
    public void Missing_entities_names_the_source_item()
    {
        var yaml = WithSecond("""
              - name: refunds
                kind: files
                start_date: 2026-01-01
            """);
        AssertError(yaml, 9, "sources[1].entities", "is required");
    }

    [Fact]
    public void Missing_entity_name_names_the_entity_item()
    {
        var yaml = WithSecond("""
              - name: refunds
                kind: files
                start_date: 2026-01-01
                entities:
                  - directory: drop/{date}
            """);
        AssertError(yaml, 13, "sources[1].entities[0].name", "is required");
    }

    [Fact]
    public void Missing_entity_directory_names_the_entity_item()
    {
        var yaml = WithSecond("""
              - name: refunds
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: items
                    glob: "*.csv"
            """);
        AssertError(yaml, 13, "sources[1].entities[0].directory", "is required");
    }

    [Fact]
    public void Missing_sources_names_the_key()
    {
        AssertError("env: dev\nlake:\n  kind: local\n  path: ./lake\n", 1, "sources", "is required");
    }

    [Fact]
    public void An_empty_source_list_is_an_error_at_its_line()
    {
        AssertError("env: dev\nsources: []\n", 2, "sources", "at least one source");
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("yesterday")]
    [InlineData("2026-02-30")]
    [InlineData("2026/01/01")]
    public void A_start_date_that_is_not_a_date_names_line_path_and_value(string value)
    {
        var yaml = WithSecond($"""
              - name: refunds
                kind: files
                start_date: {value}
                entities:
                  - name: items
                    directory: drop/{"{date}"}
            """);
        AssertError(yaml, 11, "sources[1].start_date", $"'{value}' is not a date");
    }

    [Fact]
    public void The_brief_example_message_is_exact()
    {
        var yaml = WithSecond("""
              - name: refunds
                kind: files
                start_date: 2026-13-01
                entities:
                  - name: items
                    directory: drop/{date}
            """);
        var e = Broken(yaml);
        Assert.Equal("landfall.yaml:11 sources[1].start_date: '2026-13-01' is not a date (expected YYYY-MM-DD).", e.Message);
    }

    // ---- templates and globs ----

    [Theory]
    [InlineData("drop/{dat}", "drop/{dat}")]
    [InlineData("drop/{date:HH}", "'{date:HH}'")]
    [InlineData("drop/{date", "drop/{date")]
    [InlineData("drop/date}", "drop/date}")]
    [InlineData("drop/{}", "drop/{}")]
    public void A_bad_directory_template_names_line_path_and_value(string value, string named)
    {
        var yaml = WithSecond($"""
              - name: refunds
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: items
                    directory: "{value}"
            """);
        AssertError(yaml, 14, "sources[1].entities[0].directory", "bad template", named);
    }

    [Fact]
    public void A_time_only_date_format_says_it_has_no_year_month_or_day()
    {
        var yaml = WithSecond("""
              - name: refunds
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: items
                    directory: drop/{date:HH}
            """);
        AssertError(yaml, 14, "sources[1].entities[0].directory", "{date:HH}", "no year, month or day");
    }

    [Theory]
    [InlineData("[abc", "unclosed")]
    [InlineData("sub/*.csv", "'/'")]
    public void A_bad_glob_names_line_path_and_value(string glob, string problem)
    {
        var yaml = WithSecond($"""
              - name: refunds
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: items
                    directory: drop/{"{date}"}
                    glob: "{glob}"
            """);
        AssertError(yaml, 15, "sources[1].entities[0].glob", "bad glob", glob, problem);
    }

    // ---- unknown keys (typos are never silently ignored) ----

    [Fact]
    public void An_unknown_top_level_key_names_the_key_and_the_allowed_ones()
    {
        var yaml = First + "\nshedule:\n  lag_days: 2";
        AssertError(yaml, 9, "shedule", "unknown key 'shedule'", "schedule");
    }

    [Fact]
    public void A_typo_in_a_source_key_names_the_typo()
    {
        var yaml = WithSecond("""
              - name: refunds
                kind: files
                strat_date: 2026-01-01
                entities:
                  - name: items
                    directory: drop/{date}
            """);
        AssertError(yaml, 11, "sources[1].strat_date", "unknown key 'strat_date'", "start_date");
    }

    [Fact]
    public void A_typo_in_an_entity_key_names_the_typo()
    {
        var yaml = WithSecond("""
              - name: refunds
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: items
                    directroy: drop/{date}
            """);
        AssertError(yaml, 14, "sources[1].entities[0].directroy", "unknown key 'directroy'", "directory");
    }

    [Fact]
    public void A_typo_in_a_lake_key_names_the_typo()
    {
        var yaml = First + "\nlake:\n  kind: local\n  pth: ./lake";
        AssertError(yaml, 11, "lake.pth", "unknown key 'pth'", "path");
    }

    [Fact]
    public void A_typo_in_a_schedule_key_names_the_typo()
    {
        var yaml = First + "\nschedule:\n  lag_day: 2";
        AssertError(yaml, 10, "schedule.lag_day", "unknown key 'lag_day'", "lag_days");
    }

    // ---- YAML shape ----

    [Fact]
    public void A_tab_used_for_indentation_names_its_line()
    {
        var yaml = "env: dev\nsources:\n  - name: orders\n\tkind: files\n";
        var e = Broken(yaml);
        Assert.Equal(4, e.Line);
        Assert.StartsWith($"{File}:4", e.Message);
        Assert.Contains("tab", e.Message);
    }

    [Fact]
    public void A_tab_after_spaces_in_the_indentation_is_found_too()
    {
        var yaml = First.Replace("        directory:", "      \t  directory:", StringComparison.Ordinal);
        var e = Broken(yaml);
        Assert.Equal(8, e.Line);
        Assert.Contains("tab", e.Message);
    }

    [Fact]
    public void Invalid_yaml_syntax_names_its_line()
    {
        var yaml = "env: dev\nsources:\n  - name: orders\n    kind: files: x\n";
        var e = Broken(yaml);
        Assert.Equal(4, e.Line);
        Assert.StartsWith($"{File}:4", e.Message);
        Assert.Contains("not valid YAML", e.Message);
    }

    [Fact]
    public void An_unclosed_flow_list_is_invalid_yaml_with_a_line()
    {
        var yaml = "env: dev\nsources: [\n  a,\n  b\n";
        var e = Broken(yaml);
        Assert.InRange(e.Line, 2, 5);
        Assert.Contains("not valid YAML", e.Message);
    }

    [Fact]
    public void A_key_given_twice_in_one_mapping_names_the_second_one()
    {
        var yaml = WithSecond("""
              - name: refunds
                kind: files
                start_date: 2026-01-01
                start_date: 2026-01-02
                entities:
                  - name: items
                    directory: drop/{date}
            """);
        var e = Broken(yaml);
        Assert.Equal(12, e.Line);
        Assert.Contains("start_date", e.Message);
    }

    [Fact]
    public void A_mapping_used_as_a_key_is_a_config_error_not_a_crash()
    {
        var yaml = First + "\n? [a, b]\n: c\n";
        var e = Broken(yaml);
        Assert.Equal(9, e.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    public void An_empty_file_says_it_is_empty(string yaml)
    {
        var e = Broken(yaml);
        Assert.Equal(0, e.Line);
        Assert.Equal($"{File}: the config file is empty.", e.Message);
    }

    [Fact]
    public void A_document_that_is_a_list_says_it_must_be_a_mapping()
    {
        var e = Broken("- env: dev\n- sources: []\n");
        Assert.Equal(1, e.Line);
        Assert.Contains("must be a mapping", e.Message);
        Assert.Contains("list", e.Message);
    }

    // ---- wrong types ----

    [Fact]
    public void Entities_as_a_mapping_instead_of_a_list_says_it_must_be_a_list()
    {
        var yaml = WithSecond("""
              - name: refunds
                kind: files
                start_date: 2026-01-01
                entities:
                  name: items
                  directory: drop/{date}
            """);
        AssertError(yaml, 13, "sources[1].entities", "must be a list, not a mapping");
    }

    [Fact]
    public void Sources_as_a_single_value_says_it_must_be_a_list()
    {
        AssertError("env: dev\nsources: orders\n", 2, "sources", "must be a list, not a value");
    }

    [Fact]
    public void A_list_where_a_name_belongs_says_it_must_be_a_single_value()
    {
        var yaml = WithSecond("""
              - name: [refunds]
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: items
                    directory: drop/{date}
            """);
        AssertError(yaml, 9, "sources[1].name", "must be a single value, not a list");
    }

    [Fact]
    public void Lag_days_that_is_not_a_number_names_the_value()
    {
        AssertError(First + "\nschedule:\n  lag_days: abc", 10, "schedule.lag_days", "'abc'", "whole number");
    }

    [Fact]
    public void Allow_empty_that_is_not_a_boolean_names_the_value()
    {
        var yaml = WithSecond("""
              - name: refunds
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: items
                    directory: drop/{date}
                    allow_empty: maybe
            """);
        AssertError(yaml, 15, "sources[1].entities[0].allow_empty", "'maybe'", "true or false");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("-1")]
    public void Max_parallel_sources_out_of_range_names_the_value_and_the_range(string value)
    {
        AssertError(First + $"\nschedule:\n  max_parallel_sources: {value}", 10, "schedule.max_parallel_sources", value, "1 to 64");
    }

    [Fact]
    public void A_source_name_that_cannot_be_a_key_segment_names_the_value()
    {
        var yaml = WithSecond("""
              - name: ../refunds
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: items
                    directory: drop/{date}
            """);
        AssertError(yaml, 9, "sources[1].name", "'../refunds'", "not a valid name");
    }

    // ---- duplicates ----

    [Fact]
    public void A_duplicate_source_name_names_the_second_one()
    {
        var yaml = WithSecond("""
              - name: orders
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: items
                    directory: drop/{date}
            """);
        AssertError(yaml, 9, "sources[1].name", "'orders'", "defined twice");
    }

    [Fact]
    public void A_duplicate_entity_name_names_the_second_one()
    {
        var yaml = WithSecond("""
              - name: refunds
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: items
                    directory: drop/a/{date}
                  - name: items
                    directory: drop/b/{date}
            """);
        AssertError(yaml, 15, "sources[1].entities[1].name", "'items'", "defined twice");
    }

    // ---- schedule and lake ----

    [Fact]
    public void An_unknown_time_zone_names_the_value()
    {
        AssertError(First + "\nschedule:\n  timezone: Mars/Olympus_Mons", 10, "schedule.timezone", "'Mars/Olympus_Mons'", "time zone");
    }

    [Fact]
    public void An_empty_time_zone_is_a_config_error()
    {
        AssertError(First + "\nschedule:\n  timezone: \"\"", 10, "schedule.timezone", "time zone");
    }

    [Fact]
    public void An_unknown_lake_kind_names_the_value()
    {
        AssertError(First + "\nlake:\n  kind: gcs\n  bucket: landing", 10, "lake.kind", "'gcs'", "local or s3");
    }

    [Fact]
    public void An_s3_lake_with_an_access_key_but_no_secret_names_the_access_key_line()
    {
        var yaml = First + "\nlake:\n  kind: s3\n  bucket: landing\n  access_key_id: AKIAEXAMPLE";
        var e = AssertError(yaml, 12, "lake.access_key_id", "secret_access_key");
        Assert.DoesNotContain("AKIAEXAMPLE", e.Message);
    }

    [Fact]
    public void An_s3_lake_with_a_secret_but_no_access_key_never_shows_the_secret()
    {
        var yaml = First + "\nlake:\n  kind: s3\n  bucket: landing\n  secret_access_key: s3cr3t-value";
        var e = Broken(yaml);
        Assert.Contains("access_key_id", e.Message);
        Assert.DoesNotContain("s3cr3t-value", e.Message);
    }

    [Fact]
    public void A_lake_path_with_a_nul_character_is_a_config_error_not_a_crash()
    {
        var yaml = First + "\nlake:\n  kind: local\n  path: \"lake\\0x\"";
        AssertError(yaml, 11, "lake.path");
    }

    [Fact]
    public void A_lake_that_is_a_single_value_says_it_must_be_a_mapping()
    {
        AssertError(First + "\nlake: ./lake", 9, "lake", "must be a mapping");
    }

    // ---- environment variables ----

    [Fact]
    public void An_unset_environment_variable_names_the_variable()
    {
        var name = "LANDFALL_TEST_UNSET_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        Environment.SetEnvironmentVariable(name, null);
        var yaml = First.Replace("env: dev", $"env: ${{{name}}}", StringComparison.Ordinal);
        AssertError(yaml, 1, "env", name, "not set");
    }

    [Fact]
    public void An_unset_environment_variable_in_a_directory_names_the_variable_and_the_line()
    {
        var name = "LANDFALL_TEST_UNSET_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        Environment.SetEnvironmentVariable(name, null);
        var yaml = First.Replace("directory: drop/{date}", $"directory: ${{{name}}}/{{date}}", StringComparison.Ordinal);
        AssertError(yaml, 8, "sources[0].entities[0].directory", name, "not set");
    }

    // ---- what works ----

    [Fact]
    public void Environment_variables_are_substituted_in_values()
    {
        var name = "LANDFALL_TEST_ENV_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        Environment.SetEnvironmentVariable(name, "prod");
        try
        {
            var yaml = First.Replace("env: dev", $"env: ${{{name}}}", StringComparison.Ordinal)
                + $"\nlake:\n  kind: local\n  path: ./lake-${{{name}}}-x";
            var config = ConfigLoader.Parse(yaml, File, _folder);
            Assert.Equal("prod", config.Env);
            Assert.Equal(Path.Combine(_folder, "lake-prod-x"), Assert.IsType<LocalLakeSettings>(config.Lake).Path);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Relative_paths_resolve_against_the_config_files_folder_not_the_working_directory()
    {
        var folder = Path.Combine(_folder, "project");
        Directory.CreateDirectory(Path.Combine(folder, "drop", "2026-01-02"));
        System.IO.File.WriteAllText(Path.Combine(folder, "drop", "2026-01-02", "a.csv"), "x\n");
        var path = Path.Combine(folder, "landfall.yaml");
        System.IO.File.WriteAllText(path, First + "\nlake:\n  kind: local\n  path: data/lake\n");
        Assert.NotEqual(folder, Environment.CurrentDirectory);

        var config = ConfigLoader.Load(path);

        Assert.Equal(Path.Combine(folder, "data", "lake"), Assert.IsType<LocalLakeSettings>(config.Lake).Path);
        var source = Assert.IsType<FilesSource>(Assert.Single(config.Sources));
        var file = Assert.Single(source.ListFiles("items", new DateOnly(2026, 1, 2)));
        Assert.Equal(Path.Combine(folder, "drop", "2026-01-02", "a.csv"), file.Path);
    }

    [Fact]
    public void A_config_in_a_folder_whose_name_has_braces_still_loads_and_finds_its_files()
    {
        var folder = Path.Combine(_folder, "team {a} date}");
        Directory.CreateDirectory(Path.Combine(folder, "drop", "2026-01-02"));
        System.IO.File.WriteAllText(Path.Combine(folder, "drop", "2026-01-02", "a.csv"), "x\n");
        var path = Path.Combine(folder, "landfall.yaml");
        System.IO.File.WriteAllText(path, First);

        var config = ConfigLoader.Load(path);

        var source = Assert.IsType<FilesSource>(Assert.Single(config.Sources));
        var file = Assert.Single(source.ListFiles("items", new DateOnly(2026, 1, 2)));
        Assert.Equal(Path.Combine(folder, "drop", "2026-01-02", "a.csv"), file.Path);
    }

    [Fact]
    public void An_absolute_lake_path_stays_as_written()
    {
        var elsewhere = Path.Combine(Path.GetTempPath(), "landfall-elsewhere-lake");
        var config = ConfigLoader.Parse(First + $"\nlake:\n  kind: local\n  path: {elsewhere}\n", File, _folder);
        Assert.Equal(elsewhere, Assert.IsType<LocalLakeSettings>(config.Lake).Path);
    }

    [Fact]
    public void Defaults_are_env_dev_a_local_lake_beside_the_config_utc_lag_1_and_4_parallel_sources()
    {
        var yaml = First.Replace("env: dev\n", "", StringComparison.Ordinal);

        var config = ConfigLoader.Parse(yaml, File, _folder);

        Assert.Equal("dev", config.Env);
        Assert.Equal(File, config.FilePath);
        Assert.Equal(Path.Combine(_folder, "lake"), Assert.IsType<LocalLakeSettings>(config.Lake).Path);
        Assert.Equal("local", config.Lake.Kind);
        Assert.Equal(TimeZoneInfo.Utc, config.Schedule.TimeZone);
        Assert.Equal(1, config.Schedule.LagDays);
        Assert.Equal(4, config.Schedule.MaxParallelSources);
        var source = Assert.Single(config.Sources);
        Assert.Equal("orders", source.Name);
        Assert.Equal("files", source.Kind);
        Assert.Equal(new DateOnly(2026, 1, 1), source.StartDate);
        Assert.Equal("items", Assert.Single(source.Entities));
    }

    [Fact]
    public void An_empty_schedule_section_keeps_the_defaults()
    {
        var config = ConfigLoader.Parse(First + "\nschedule:\n", File, _folder);
        Assert.Equal(TimeZoneInfo.Utc, config.Schedule.TimeZone);
        Assert.Equal(1, config.Schedule.LagDays);
        Assert.Equal(4, config.Schedule.MaxParallelSources);
    }

    // ---- through the CLI ----

    [Fact]
    public async Task A_broken_config_through_the_cli_exits_2_with_the_message_on_stderr_and_nothing_on_stdout()
    {
        var path = Path.Combine(_folder, "landfall.yaml");
        await System.IO.File.WriteAllTextAsync(path, WithSecond("""
              - name: refunds
                kind: files
                start_date: 2026-13-01
                entities:
                  - name: items
                    directory: drop/{date}
            """));
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, new FakeTimeProvider(), new CapturingLoggerProvider());

        var code = await CliApp.InvokeAsync(["status", "--config", path], console);

        Assert.Equal(2, code);
        Assert.Equal("", output.ToString());
        Assert.Contains($"{path}:11 sources[1].start_date: '2026-13-01' is not a date", error.ToString());
        Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
