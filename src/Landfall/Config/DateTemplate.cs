using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Landfall.Config;

/// <summary>
/// A path or prefix with date tokens: <c>{date}</c> (yyyy-MM-dd) or <c>{date:FORMAT}</c> with a .NET custom date format,
/// for example <c>drop/{date:yyyy/MM/dd}</c>. Braces are only for tokens.
/// </summary>
public sealed partial class DateTemplate
{
    private readonly List<(string Literal, string? Format)> _parts;

    private DateTemplate(string text, List<(string, string?)> parts)
    {
        Text = text;
        _parts = parts;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>Whether it holds a date token: without one, every date renders to the same text.</summary>
    public bool HasDateToken => _parts.Any(p => p.Format is not null);

    /// <summary>
    /// Parses a template; throws <see cref="FormatException"/> naming what is wrong. A <paramref name="literalPrefix"/>
    /// that <paramref name="text"/> starts with is taken literally (a folder whose name holds braces).
    /// </summary>
    public static DateTemplate Parse(string text, string? literalPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<(string, string?)>();
        var start = literalPrefix is not null && text.StartsWith(literalPrefix, StringComparison.Ordinal) ? literalPrefix.Length : 0;
        if (start > 0)
        {
            parts.Add((text[..start], null));
        }
        var last = start;
        foreach (Match m in TokenPattern().Matches(text, start))
        {
            parts.Add((text[last..m.Index], null));
            var format = m.Groups[1].Success ? m.Groups[1].Value : "yyyy-MM-dd";
            if (!format.Any(c => c is 'y' or 'M' or 'd'))
            {
                throw new FormatException($"date token '{m.Value}' has no year, month or day in its format");
            }
            try
            {
                _ = new DateOnly(2026, 12, 31).ToString(format, CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw new FormatException($"date token '{m.Value}' uses a time field (h, m, s, f, t, z): dates have none; months are 'MM'");
            }
            parts.Add(("", format));
            last = m.Index + m.Length;
        }
        parts.Add((text[last..], null));
        foreach (var (literal, _) in parts.Skip(start > 0 ? 1 : 0))
        {
            if (literal.Contains('{') || literal.Contains('}'))
            {
                throw new FormatException($"'{text}' has a brace that is not a date token (use {{date}} or {{date:yyyy/MM/dd}})");
            }
        }
        return new DateTemplate(text, parts);
    }

    /// <summary>The template with every token replaced by <paramref name="date"/>.</summary>
    public string Render(DateOnly date)
    {
        var sb = new StringBuilder();
        foreach (var (literal, format) in _parts)
        {
            sb.Append(literal);
            if (format is not null)
            {
                sb.Append(date.ToString(format, CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    [GeneratedRegex(@"\{date(?::([^{}]+))?\}")]
    private static partial Regex TokenPattern();
}
