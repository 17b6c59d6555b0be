using System.Globalization;
using System.Reflection;
using System.Text;
using Landfall.Claims;
using Landfall.Config;
using Landfall.Contracts;
using Landfall.FileFormats;
using Landfall.Hosting;
using Landfall.Lake.S3;
using Landfall.Planning;
using Landfall.Reconcile;
using Landfall.Telemetry;
using Landfall.Testing;

namespace Landfall.Tests.Config;

/// <summary>
/// Every default and bound is written once, on its settings type, and used by the parser; the reference table in
/// docs/configuration.md is rendered from those same constants, so the docs cannot drift from the code.
/// </summary>
public sealed class SettingsReferenceTests
{
    private const string Begin = "<!-- settings:begin (rendered from the code by SettingsReferenceTests) -->";
    private const string End = "<!-- settings:end -->";

    /// <summary>
    /// Every settings type and the sections it serves: the sections every config has, then each registered lake and source kind's own
    /// (a type two kinds share, such as the S3 connection or the readiness rules, is one row group naming both).
    /// </summary>
    private static IReadOnlyList<(Type Type, string Section)> SettingsTypes()
    {
        var kinds = LandfallKinds.BuiltIn;
        var byKind = kinds.Lakes.SelectMany(k => k.SettingsTypes.Select(t => (Type: t, Section: $"lake ({k.Kind})")))
            .Concat(kinds.Sources.SelectMany(k => k.SettingsTypes.Select(t => (Type: t, Section: $"sources ({k.Kind})"))))
            .GroupBy(x => x.Type)
            .Select(g => (g.Key, string.Join(", ", g.Select(x => x.Section).GroupBy(Area).Select(a =>
                a.Count() == 1 ? a.Single() : $"{a.Key} ({string.Join(", ", a.Select(Kind))})"))));
        return
        [
            (typeof(ScheduleSettings), "schedule"),
            (typeof(ClaimOptions), "schedule"),
            (typeof(SourcePolicy), "sources (every kind)"),
            .. byKind,
            (typeof(ReconcileSettings), "sources (every kind), reconcile"),
            (typeof(TrailingCheck), "entities (every kind), expect.trailing"),
            (typeof(FileFormat), "entities (files, s3, sftp), format"),
            (typeof(TelemetrySettings), "telemetry"),
            (typeof(LineageSettings), "telemetry.lineage"),
        ];

        static string Area(string section) => section[..section.IndexOf(' ', StringComparison.Ordinal)];

        static string Kind(string section) => section[(section.IndexOf('(', StringComparison.Ordinal) + 1)..^1];
    }

    [Fact]
    public void Every_registered_kind_with_settings_of_its_own_is_in_the_reference()
    {
        var types = SettingsTypes().Select(t => t.Type).ToHashSet();
        foreach (var kind in LandfallKinds.BuiltIn.Sources)
        {
            Assert.All(kind.SettingsTypes, t => Assert.Contains(t, types));
        }
        Assert.Contains(typeof(S3LakeSettings), types);
    }

    [Fact]
    public void The_settings_reference_in_the_docs_is_rendered_from_the_constants_the_parser_uses()
    {
        var expected = Render();
        var doc = File.ReadAllText(RepoPaths.Docs("configuration.md")).ReplaceLineEndings("\n");
        var start = doc.IndexOf(Begin, StringComparison.Ordinal);
        var end = doc.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/configuration.md has no '{Begin}' ... '{End}' section");
        var actual = doc[(start + Begin.Length)..end].Trim('\n');
        if (expected != actual && Environment.GetEnvironmentVariable("LANDFALL_UPDATE_DOCS") == "1")
        {
            // Approving a change on purpose: LANDFALL_UPDATE_DOCS=1 dotnet test --filter SettingsReference, then review the diff.
            File.WriteAllText(RepoPaths.Docs("configuration.md"), doc[..(start + Begin.Length)] + "\n" + expected + "\n" + doc[end..]);
            actual = expected;
        }
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
                case NumberSetting n:
                    Assert.InRange(n.Default, n.Min, n.Max);
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
                NumberSetting n => (n.Key, $"number {D(n.Min)}–{D(n.Max)}", D(n.Default)),
                DurationSetting d => (d.Key, $"duration {ConfigDuration.Format(d.Min)}–{ConfigDuration.Format(d.Max)}",
                    d.Default is { } v ? ConfigDuration.Format(v) : "none"),
                _ => throw new InvalidOperationException(setting.GetType().Name),
            };
            table.Append(CultureInfo.InvariantCulture, $"| {section} | `{key}` | {accepted} | `{byDefault}` |\n");
        }
        return table.ToString().TrimEnd('\n');
    }

    private static IEnumerable<(string Section, object Setting)> Settings() =>
        SettingsTypes().SelectMany(t => t.Type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(IntSetting) || f.FieldType == typeof(DurationSetting) || f.FieldType == typeof(NumberSetting))
            .Select(f => (t.Section, f.GetValue(null)!)));

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string D(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
