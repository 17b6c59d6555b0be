using Landfall.Hosting;

namespace Landfall.Cli.Commands;

/// <summary>
/// The commented landfall.yaml that <c>landfall init</c> writes: the lake kinds' starter sections (the default one active, the others
/// commented out) and one example source of the chosen kind, each written beside its kind. Each passes <c>landfall validate</c> once
/// the ${...} variables it names are set.
/// </summary>
internal static class StarterConfigs
{
    /// <summary>The source kinds that have a starter, in registration order.</summary>
    public static IReadOnlyList<string> Kinds { get; } =
        [.. LandfallKinds.BuiltIn.Sources.Where(k => k.StarterConfig is not null).Select(k => k.Kind)];

    public static string For(string kind)
    {
        var source = LandfallKinds.BuiltIn.SourceKind(kind)?.StarterConfig
            ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        return Header() + Indent(source, "  ") + "\n";
    }

    private static string Header()
    {
        var lakes = LandfallKinds.BuiltIn.Lakes.Where(k => k.StarterConfig is not null).ToList();
        // The lake a config without lake: gets is the one shown active; the others are there to switch to.
        var active = lakes.FirstOrDefault(k => k.DefaultFor(".") is not null) ?? lakes.FirstOrDefault();
        var lake = string.Concat(lakes.OrderBy(k => k == active ? 0 : 1)
            .Select(k => Indent(k.StarterConfig!, k == active ? "  " : "  # ") + "\n"));
        return $"""
            # landfall.yaml: what to ingest, into which lake, on which schedule. Reference: docs/configuration.md.
            # Check it with `landfall validate`, then `landfall check` (connects to the sources), then `landfall plan`.
            env: dev                              # written into every manifest

            lake:                                 # where data and manifests land (default: ./lake beside this file)
            {lake}
            schedule:
              timezone: UTC                       # what "today" is
              lag_days: 1                         # the newest complete business date is today minus this

            sources:

            """;
    }

    private static string Indent(string text, string prefix) =>
        string.Join("\n", text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Select(l => prefix + l));
}
