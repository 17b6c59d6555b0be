using System.CommandLine;
using System.Globalization;

namespace Landfall.Cli.Commands;

/// <summary>Options shared by several commands, and their parsing.</summary>
internal static class CommandOptions
{
    public static Option<string[]> Sources(string description) => new("--source", "-s")
    {
        Description = description,
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<string?> Date(string name, string description) => new(name) { Description = description };

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

    public static IReadOnlyCollection<string> SelectedSources(ParseResult parse, Option<string[]> option, CliSession session)
    {
        var names = parse.GetValue(option) ?? [];
        foreach (var name in names)
        {
            EnsureSource(name, session);
        }
        return names;
    }

    public static void EnsureSource(string name, CliSession session)
    {
        if (!session.Config.Sources.Any(s => s.Name == name))
        {
            throw new UsageException(
                $"--source '{name}' is not in {session.Config.FilePath}; configured sources: {string.Join(", ", session.Config.Sources.Select(s => s.Name))}.");
        }
    }
}
