using System.Globalization;
using System.Text.RegularExpressions;

namespace Landfall.Config;

/// <summary>
/// The one duration syntax of landfall.yaml: a number and a unit, <c>500ms</c>, <c>30s</c>, <c>15m</c>, <c>2h</c>, <c>1d</c>,
/// or a bare number of seconds (<c>0</c> included).
/// </summary>
public static partial class ConfigDuration
{
    /// <summary>Parses <paramref name="text"/>; null when it is not a duration.</summary>
    public static TimeSpan? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = Pattern().Match(text.Trim());
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }
        var seconds = m.Groups[2].Value switch
        {
            "ms" => number / 1000,
            "m" => number * 60,
            "h" => number * 3600,
            "d" => number * 86400,
            _ => number,
        };
        // Beyond any bound a setting has; keeps TimeSpan from overflowing on absurd input.
        return seconds > 100L * 365 * 86400 ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
    }

    /// <summary>A duration as the config writes it: <c>30s</c>, <c>15m</c>, <c>500ms</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }
        if (value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
        }
        var seconds = (long)value.TotalSeconds;
        return seconds % 86400 == 0 ? $"{seconds / 86400}d"
            : seconds % 3600 == 0 ? $"{seconds / 3600}h"
            : seconds % 60 == 0 ? $"{seconds / 60}m"
            : $"{seconds}s";
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*(ms|s|m|h|d)?$")]
    private static partial Regex Pattern();
}
