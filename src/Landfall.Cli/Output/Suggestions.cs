using System.CommandLine;

namespace Landfall.Cli.Output;

/// <summary>"Did you mean ...?" for a mistyped command.</summary>
internal static class Suggestions
{
    /// <summary>The command closest to an unknown first word, when one is close enough to be what was meant.</summary>
    public static string? NearestCommand(RootCommand root, ParseResult parse)
    {
        // Only when no command was recognised: the first token is then the mistyped one.
        if (parse.CommandResult.Command != root || parse.Tokens.Count == 0 || parse.Tokens[0].Value.StartsWith('-'))
        {
            return null;
        }
        var typed = parse.Tokens[0].Value;
        var best = root.Subcommands.Select(c => (c.Name, Distance: Distance(typed, c.Name))).MinBy(c => c.Distance);
        return best.Name is not null && best.Distance <= Math.Max(2, typed.Length / 3) ? best.Name : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
