using System.CommandLine;
using Landfall.Cli.Output;
using Landfall.Status;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall history</c>: the audit trail of a source.</summary>
internal static class HistoryCommand
{
    public static Command Create(CliConsole console)
    {
        var source = new Option<string>("--source", "-s") { Description = "The source whose audit trail to show.", Required = true };
        var date = CommandOptions.Date("--date", "Only this business date, YYYY-MM-DD.");
        var command = new Command("history", """
            The audit trail of a source: every manifest, newest date first and newest run first within a date, with status,
            run id, start, duration and errors. LATEST marks the manifest that decides the date (greatest LastModified; ties
            broken by ended_at, then run_id). REASON marks re-ingests of a date that was a success: reconcile (drift found at
            the source, landfall reconcile --apply) or forced (run --force). Unreadable manifests are listed with the reason they
            were passed over.
            """)
        {
            source, date,
        }.With("""
            landfall history --source orders
            landfall history --source orders --date 2026-01-02 --json
            """);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(parse, console);
            var name = parse.GetValue(source)!;
            var only = CommandOptions.ParseDate(parse, date);
            var entries = await session.Host.HistoryAsync(new HistoryRequest(name) { Date = only }, ct).ConfigureAwait(false);
            var output = session.Console.Out;
            if (session.Json)
            {
                Formats.WriteJson(output, entries);
                return ExitCodes.Ok;
            }
            if (entries.Count == 0)
            {
                output.WriteLine($"No manifest for source '{name}'{(only is null ? "" : " on " + Formats.Date(only))} in {session.Host.Lake.Description}.");
                return ExitCodes.Ok;
            }
            var table = new TextTable("DATE", "RUN_ID", "STATUS", "REASON", "LATEST", "STARTED", "DURATION", "OBJECTS", "ERRORS");
            foreach (var e in entries)
            {
                table.Add(Formats.Date(e.IngestDate), e.RunId, e.Status, e.Reason ?? "", e.Latest ? "yes" : "", Formats.Instant(e.StartedAt),
                    Formats.Duration(e.DurationMs), e.Objects?.ToString() ?? "-",
                    e.Errors.Count == 0 ? "" : string.Join("; ", e.Errors.Select(x => $"{x.Type}: {x.Message}")));
            }
            table.Write(output);
            return ExitCodes.Ok;
        });
        return command;
    }
}
