using Landfall.Config;

namespace Landfall.Sources.Readiness;

/// <summary>
/// When a file-like source's files count as there: the same three rules for files, sftp and s3. Two listings
/// <see cref="SettleInterval"/> apart must agree on every file; each file must be older than <see cref="MinAge"/>; each must have
/// its <see cref="DoneMarker"/>. A date whose files break a rule is waiting (or late, past its deadline), never ingested.
/// </summary>
internal sealed record ReadinessSettings
{
    public static readonly DurationSetting MinAgeSetting = new("min_age", null, TimeSpan.Zero, TimeSpan.FromDays(7));

    /// <summary>The done_marker key.</summary>
    public const string DoneMarkerKey = "done_marker";

    /// <summary>Time between the two listings that must agree on every file's size and modification time; zero takes one listing.</summary>
    public required TimeSpan SettleInterval { get; init; }

    /// <summary>Minimum age of a file's modification time (source clock vs ours) before it is taken; null for none.</summary>
    public TimeSpan? MinAge { get; init; }

    /// <summary>The done marker every data file (or folder) needs, or null.</summary>
    public DoneMarker? DoneMarker { get; init; }

    /// <summary>The keys these settings read, besides the source's own settle_interval (its default differs by kind).</summary>
    public static IReadOnlyList<string> Keys(DurationSetting settleInterval) => [settleInterval.Key, MinAgeSetting.Key, DoneMarkerKey];

    /// <summary>Reads the rules of a source node; <paramref name="settleInterval"/> is the kind's own setting (default).</summary>
    public static ReadinessSettings Parse(ConfigNode node, DurationSetting settleInterval, TimeSpan? minAge = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new ReadinessSettings
        {
            SettleInterval = node.Get(settleInterval),
            MinAge = node.GetOptional(MinAgeSetting) ?? minAge,
            DoneMarker = ParseDoneMarker(node.Child(DoneMarkerKey)),
        };
    }

    private static DoneMarker? ParseDoneMarker(ConfigNode? node)
    {
        if (node is null)
        {
            return null;
        }
        var text = node.AsString();
        var probe = text.Replace("{name}", "x", StringComparison.Ordinal);
        if (text.Length == 0 || probe.Contains('/') || probe.Contains('{') || probe.Contains('}') || probe is "." or "..")
        {
            throw node.Error($"'{text}' is not a marker file name (a name such as _SUCCESS, or a pattern with {{name}} such as {{name}}.done)");
        }
        return new DoneMarker(text);
    }
}
