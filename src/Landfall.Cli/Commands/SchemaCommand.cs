using System.CommandLine;
using Landfall.Cli.Output;
using Landfall.Contracts;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall schema</c>: an entity's schema history, the dates it changed and how.</summary>
internal static class SchemaCommand
{
    public static Command Create(CliConsole console)
    {
        var source = new Option<string>("--source", "-s") { Description = "The source.", Required = true, HelpName = "SOURCE" };
        var entity = new Option<string?>("--entity", "-e") { Description = "Only this entity (default: every entity that recorded a schema).", HelpName = "ENTITY" };
        var from = CommandOptions.Date("--from", "First business date read.");
        var to = CommandOptions.Date("--to", "Last business date read.");
        var command = new Command("schema", """
            The schema history of a source's entities, from the manifests of their successful dates: each schema the entity had
            (its fingerprint, the dates it held, its columns) and each date it changed, with what changed: columns added,
            removed, retyped (from, to), reordered (CSV). Postgres entities record their result columns; file entities record
            what their format's bytes showed (format: csv, jsonl or parquet). Reads manifests only (the ledger index where it
            covers them). See docs/contracts.md.
            """)
        {
            source, entity, from, to,
        }.With("""
            landfall schema --source shop
            landfall schema --source shop --entity orders --from 2026-01-01 --to 2026-03-31
            landfall schema --source shop --json | jq '.entities[].changes[] | {date, diff}'
            """);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(parse, console);
            var history = await session.Host.SchemaAsync(new SchemaRequest
            {
                Source = parse.GetValue(source)!,
                Entity = parse.GetValue(entity),
                From = CommandOptions.ParseDate(parse, from),
                To = CommandOptions.ParseDate(parse, to),
            }, ct).ConfigureAwait(false);
            var output = session.Console.Out;
            if (session.Json)
            {
                Formats.WriteJson(output, history);
                return ExitCodes.Ok;
            }
            if (history.Entities.Count == 0)
            {
                output.WriteLine(Printable.Escape($"No schema recorded for source {history.Source} in this range (file entities record one with format: csv, jsonl or parquet)."));
                return ExitCodes.Ok;
            }
            foreach (var e in history.Entities)
            {
                output.WriteLine(Printable.Escape($"{history.Source}.{e.Entity}: {e.Versions.Count} schema(s), {e.Changes.Count} change(s)"));
                var table = new TextTable("FROM", "TO", "DATES", "FORMAT", "FINGERPRINT", "COLUMNS");
                foreach (var v in e.Versions)
                {
                    table.Add(Formats.Date(v.From), Formats.Date(v.To), v.Dates.ToString(System.Globalization.CultureInfo.InvariantCulture), v.Format,
                        v.Fingerprint[..12], string.Join(", ", v.Columns.Select(c => c.Type is null ? c.Name : $"{c.Name} {c.Type}")));
                }
                table.Write(output);
                foreach (var c in e.Changes)
                {
                    var how = (c.Mode is null ? "" : $" ({c.Mode}{(c.AcceptedBy is null ? "" : $", accepted by {c.AcceptedBy}")})");
                    output.WriteLine(Printable.Escape($"  {Formats.Date(c.Date)} against {Formats.Date(c.PreviousDate)}{how}: {c.Diff.Describe()}"));
                }
                output.WriteLine();
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
