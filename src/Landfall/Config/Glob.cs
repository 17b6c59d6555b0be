using System.Text;
using System.Text.RegularExpressions;

namespace Landfall.Config;

/// <summary>A file-name glob: <c>*</c> any run of characters, <c>?</c> one character, <c>[abc]</c> a set. Case-sensitive.</summary>
internal sealed class Glob
{
    private readonly Regex _regex;

    private Glob(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }

    /// <summary>Parses a glob; throws <see cref="FormatException"/> on an unclosed set or a '/'.</summary>
    public static Glob Parse(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        if (pattern.Contains('/'))
        {
            throw new FormatException($"glob '{pattern}' must match file names only (no '/'); put folders in the directory");
        }
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    sb.Append(".*");
                    break;
                case '?':
                    sb.Append('.');
                    break;
                case '[':
                    var end = pattern.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        throw new FormatException($"glob '{pattern}' has an unclosed '['");
                    }
                    var set = pattern[(i + 1)..end];
                    sb.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = end;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        sb.Append('$');
        return new Glob(pattern, new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline));
    }

    /// <summary>True when <paramref name="fileName"/> matches.</summary>
    public bool IsMatch(string fileName) => _regex.IsMatch(fileName);

    /// <inheritdoc />
    public override string ToString() => Pattern;
}
