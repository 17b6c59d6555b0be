using System.Globalization;
using System.Reflection;
using System.Text;
using Landfall.Claims;
using Landfall.Config;
using Landfall.Lake.S3;
using Landfall.Reconcile;
using Landfall.Runs;
using Landfall.S3;
using Landfall.Testing;
using Landfall.Sources.Files;
using Landfall.Sources.Postgres;
using Landfall.Sources.Readiness;
using Landfall.Sources.S3;
using Landfall.Sources.Sftp;

namespace Landfall.Tests.Config;

/// <summary>
/// Every default and bound is written once, on its settings type, and used by the parser; the reference table in
/// docs/configuration.md is rendered from those same constants, so the docs cannot drift from the code.
/// </summary>
public sealed class SettingsReferenceTests
{
    private const string Begin = "<!-- settings:begin (rendered from the code by SettingsReferenceTests) -->";
    private const string End = "<!-- settings:end -->";

    private static readonly (Type Type, string Section)[] SettingsTypes =
    [
        (typeof(ScheduleSettings), "schedule"),
        (typeof(ClaimOptions), "schedule"),
        (typeof(SourcePolicy), "sources (every kind)"),
        (typeof(ReadinessSettings), "sources (files, sftp, s3)"),
        (typeof(FilesSource), "sources (files)"),
        (typeof(S3ConnectionSettings), "lake (s3), sources (s3)"),
        (typeof(S3LakeSettings), "lake (s3)"),
        (typeof(S3SourceSettings), "sources (s3)"),
        (typeof(PostgresSettings), "sources (postgres)"),
        (typeof(SftpSettings), "sources (sftp)"),
        (typeof(ReconcileSettings), "sources (every kind), reconcile"),
    ];

    [Fact]
    public void The_settings_reference_in_the_docs_is_rendered_from_the_constants_the_parser_uses()
    {
        var expected = Render();
        var doc = File.ReadAllText(RepoPaths.Docs("configuration.md")).ReplaceLineEndings("\n");
        var start = doc.IndexOf(Begin, StringComparison.Ordinal);
        var end = doc.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/configuration.md has no '{Begin}' ... '{End}' section");
        var actual = doc[(start + Begin.Length)..end].Trim('\n');
        Assert.True(expected == actual, "docs/configuration.md's settings reference differs from the code; it should read:\n" + expected);
    }

    [Fact]
    public void Every_setting_default_lies_within_its_bounds()
    {
        foreach (var (_, setting) in Settings())
        {
            switch (setting)
            {
                case IntSetting i:
                    Assert.InRange(i.Default, i.Min, i.Max);
                    break;
                case DurationSetting { Default: { } d } s:
                    Assert.InRange(d, s.Min, s.Max);
                    break;
            }
        }
    }

    private static string Render()
    {
        var table = new StringBuilder("| section | key | accepted | default |\n| --- | --- | --- | --- |\n");
        foreach (var (section, setting) in Settings())
        {
            var (key, accepted, byDefault) = setting switch
            {
                IntSetting i => (i.Key, $"integer {N(i.Min)}–{N(i.Max)}", N(i.Default)),
                DurationSetting d => (d.Key, $"duration {ConfigDuration.Format(d.Min)}–{ConfigDuration.Format(d.Max)}",
                    d.Default is { } v ? ConfigDuration.Format(v) : "none"),
                _ => throw new InvalidOperationException(setting.GetType().Name),
            };
            table.Append(CultureInfo.InvariantCulture, $"| {section} | `{key}` | {accepted} | `{byDefault}` |\n");
        }
        return table.ToString().TrimEnd('\n');
    }

    private static IEnumerable<(string Section, object Setting)> Settings() =>
        SettingsTypes.SelectMany(t => t.Type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(IntSetting) || f.FieldType == typeof(DurationSetting))
            .Select(f => (t.Section, f.GetValue(null)!)));

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
