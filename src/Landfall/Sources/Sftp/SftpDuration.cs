using System.Globalization;
using System.Text.RegularExpressions;
using Landfall.Config;

namespace Landfall.Sources.Sftp;

/// <summary>Durations in the config: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, or a bare number of seconds.</summary>
internal static partial class SftpDuration
{
    public static TimeSpan? Optional(ConfigNode node, string key, TimeSpan? defaultValue, TimeSpan min, TimeSpan max)
    {
        var child = node.Child(key);
        if (child is null)
        {
            return defaultValue;
        }
        var text = child.AsString().Trim();
        var m = Pattern().Match(text);
        if (!m.Success)
        {
            throw child.Error($"'{text}' is not a duration (use for example 500ms, 30s, 5m or 1h)");
        }
        var number = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var value = m.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "m" => TimeSpan.FromMinutes(number),
            "h" => TimeSpan.FromHours(number),
            _ => TimeSpan.FromSeconds(number),
        };
        if (value < min || value > max)
        {
            throw child.Error($"{text} is out of range ({Format(min)} to {Format(max)})");
        }
        return value;
    }

    public static TimeSpan Required(ConfigNode node, string key, TimeSpan defaultValue, TimeSpan min, TimeSpan max) =>
        Optional(node, key, defaultValue, min, max)!.Value;

    public static string Format(TimeSpan value) => value.TotalSeconds >= 1 && value.Milliseconds == 0
        ? value.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s"
        : value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*(ms|s|m|h)?$")]
    private static partial Regex Pattern();
}
