namespace Landfall.Cli.Output;

/// <summary>
/// The command-line option behind each request property the library names in its messages (<see cref="InvalidRequestException"/>):
/// the library speaks of <c>Limit</c>, the user typed <c>--limit</c>.
/// </summary>
internal static class RequestOptions
{
    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        ["Date"] = "--date",
        ["From"] = "--from",
        ["To"] = "--to",
        ["CatchUp"] = "--catch-up",
        ["Force"] = "--force",
        ["Sources"] = "--source",
        ["Entities"] = "--entity",
        ["Limit"] = "--limit",
        ["LookbackDays"] = "--lookback",
        ["ObjectsPerEntity"] = "--objects-per-entity",
        ["RepairHoles"] = "--no-repair",
        ["Apply"] = "--apply",
    };

    /// <summary>The option of <paramref name="property"/>, or null when no option sets it.</summary>
    public static string? Of(string property) => Options.GetValueOrDefault(property);

    /// <summary>The message of <paramref name="e"/> in the command's words.</summary>
    public static string Message(InvalidRequestException e) => e.Render(Of);
}
