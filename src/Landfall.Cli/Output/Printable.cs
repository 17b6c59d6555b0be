using System.Globalization;
using System.Text;

namespace Landfall.Cli.Output;

/// <summary>
/// Text for a terminal: every control character (ESC, BEL, a newline inside a value, DEL, the C1 range) written as an escape such
/// as <c>\u001b</c>, so a file name or a manifest string can neither drive the terminal nor break a table. JSON output never
/// goes through this: its encoder escapes them itself and stays exact.
/// </summary>
internal static class Printable
{
    public static string Escape(string? text, bool keepNewlines = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        var needs = false;
        foreach (var c in text)
        {
            if (IsControl(c) && !(keepNewlines && c == '\n'))
            {
                needs = true;
                break;
            }
        }
        if (!needs)
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!IsControl(c) || (keepNewlines && c == '\n'))
            {
                escaped.Append(c);
                continue;
            }
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }
        return escaped.ToString();
    }

    private static bool IsControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
