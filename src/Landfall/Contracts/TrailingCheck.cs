using Landfall.Config;

namespace Landfall.Contracts;

/// <summary>
/// <c>expect.trailing</c>: the date's rows (or bytes, or objects) against the median of the same entity's recent successful dates
/// (optionally only those on the same weekday). A date with fewer than <see cref="MinDates"/> earlier successes says so and passes.
/// </summary>
internal sealed class TrailingCheck
{
    /// <summary>The <c>trailing.dates</c> setting: how many of the newest earlier successful dates the median is taken over.</summary>
    public static readonly IntSetting DatesSetting = new("dates", 7, 1, 100);

    /// <summary>The <c>trailing.min_dates</c> setting: fewer earlier successes than this and the check is not made (no false alarm on day one).</summary>
    public static readonly IntSetting MinDatesSetting = new("min_dates", 3, 1, 100);

    /// <summary>The <c>trailing.min_ratio</c> setting: the lowest value accepted, as a multiple of the median.</summary>
    public static readonly NumberSetting MinRatioSetting = new("min_ratio", 0.5, 0, 1);

    /// <summary>The <c>trailing.max_ratio</c> setting: the highest value accepted, as a multiple of the median.</summary>
    public static readonly NumberSetting MaxRatioSetting = new("max_ratio", 2, 1, 1_000_000);

    /// <summary>The keys of the <c>trailing</c> mapping.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["metric", DatesSetting.Key, MinDatesSetting.Key, MinRatioSetting.Key, MaxRatioSetting.Key, "same_weekday", "level"];

    public ExpectationMetric Metric { get; init; } = ExpectationMetric.Rows;

    public int Dates { get; init; } = DatesSetting.Default;

    public int MinDates { get; init; } = MinDatesSetting.Default;

    public double MinRatio { get; init; } = MinRatioSetting.Default;

    public double MaxRatio { get; init; } = MaxRatioSetting.Default;

    /// <summary>Compare with earlier dates on the same weekday only (default false).</summary>
    public bool SameWeekday { get; init; }

    public ExpectationLevel Level { get; init; } = ExpectationLevel.Fail;

    /// <summary>Reads the <c>trailing</c> mapping.</summary>
    public static TrailingCheck Parse(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        node.OnlyKeys([.. Keys]);
        var metric = ExpectationMetric.Rows;
        if (node.Child("metric") is { } m && !Words.TryParse(m.AsString(), out metric))
        {
            throw m.Error($"'{m.AsString()}' is not a metric; expected rows, bytes or objects");
        }
        var check = new TrailingCheck
        {
            Metric = metric,
            Dates = node.Get(DatesSetting),
            MinDates = node.Get(MinDatesSetting),
            MinRatio = node.Get(MinRatioSetting),
            MaxRatio = node.Get(MaxRatioSetting),
            SameWeekday = node.Bool("same_weekday", false),
            Level = EntityContract.ParseLevel(node.Child("level")),
        };
        if (check.MinDates > check.Dates)
        {
            throw node.Required(MinDatesSetting.Key).Error($"{check.MinDates} is more than dates ({check.Dates})");
        }
        return check;
    }
}
