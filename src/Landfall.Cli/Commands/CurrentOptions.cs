using System.CommandLine;
using Landfall.Current;

namespace Landfall.Cli.Commands;

/// <summary>The selection options <c>current</c> and <c>export</c> share, and the request they make.</summary>
internal sealed class CurrentOptions
{
    public Option<string[]> Sources { get; } = CommandOptions.Sources("Only this source (repeatable).");

    public Option<string[]> Entities { get; } = new("--entity", "-e") { Description = "Only this entity (repeatable)." };

    public Option<string?> From { get; } = CommandOptions.Date("--from", "First business date (default: the first with manifests).");

    public Option<string?> To { get; } = CommandOptions.Date("--to", "Last business date (default: the newest with manifests).");

    public IEnumerable<Option> All => [Sources, Entities, From, To];

    public CurrentRequest Request(ParseResult parse) => new()
    {
        Sources = CommandOptions.Selected(parse, Sources),
        Entities = parse.GetValue(Entities) ?? [],
        From = CommandOptions.ParseDate(parse, From),
        To = CommandOptions.ParseDate(parse, To),
    };
}
