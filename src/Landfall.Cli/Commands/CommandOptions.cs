using System.CommandLine;
using System.Globalization;
using Landfall.Cli.Output;

namespace Landfall.Cli.Commands;

/// <summary>Options shared by several commands, and their parsing.</summary>
internal static class CommandOptions
{
    public static Option<string[]> Sources(string description) => new("--source", "-s")
    {
        Description = description,
        HelpName = "SOURCE",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<string?> Date(string name, string description) => new(name) { Description = description, HelpName = "YYYY-MM-DD" };

    public static DateOnly? ParseDate(ParseResult parse, Option<string?> option)
    {
        var text = parse.GetValue(option);
        if (text is null)
        {
            return null;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new UsageException($"{option.Name} '{text}' is not a date (expected YYYY-MM-DD).");
        }
        return date;
    }

    /// <summary>The --source values; empty means every source.</summary>
    public static IReadOnlyCollection<string> Selected(ParseResult parse, Option<string[]> option) => parse.GetValue(option) ?? [];
}
