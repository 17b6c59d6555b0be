using System.CommandLine;
using Landfall.Cli.Output;
using Landfall.Status;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall history</c>: the audit trail of every source, or of some.</summary>
internal static class HistoryCommand
{
    /// <summary>Error texts longer than this are cut in the table (--json keeps them whole).</summary>
    private const int ErrorWidth = 100;

    public static Command Create(CliConsole console)
    {
        var sources = CommandOptions.Sources(
            "Only this source (repeatable); a source no longer in the config is listed from its manifests. Default: every source.");
        var date = CommandOptions.Date("--date", "Only this business date.");
        var limit = new Option<int?>("--limit", "-n") { Description = "At most this many manifests, newest first.", HelpName = "N" };
        var command = new Command("history", """
            The audit trail: every manifest, newest date first, then by source, and newest run first within a date, with status,
            run id, start, duration and errors. LATEST marks the manifest that decides the date (greatest LastModified; ties
            broken by ended_at, then run_id). REASON marks re-ingests of a date that was a success: reconcile (drift found at the
            source, landfall reconcile --apply) or forced (run --force). Unreadable manifests are listed with the reason they were
            passed over; FLAGS names objects that are not manifest keys and LastModified times ahead of this host's clock.
            """)
        {
            sources, date, limit,
        }.With("""
            landfall history --limit 20
            landfall history --source shop
            landfall history --source shop --date 2026-01-02 --json
            """);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(parse, console);
            var request = new HistoryRequest
            {
                Sources = CommandOptions.Selected(parse, sources),
                Date = CommandOptions.ParseDate(parse, date),
                Limit = parse.GetValue(limit),
            };
            var entries = await session.Host.HistoryAsync(request, ct).ConfigureAwait(false);
            var output = session.Console.Out;
            if (session.Json)
            {
                Formats.WriteJson(output, entries);
                return ExitCodes.Ok;
            }
            if (entries.Count == 0)
            {
                output.WriteLine(Printable.Escape($"No manifest{(request.Date is { } d ? " on " + Formats.Date(d) : "")} in {session.Host.Lake.Description}."));
                return ExitCodes.Ok;
            }
            var table = new TextTable("DATE", "SOURCE", "RUN_ID", "STATUS", "REASON", "LATEST", "STARTED", "DURATION", "OBJECTS", "ERRORS", "FLAGS");
            foreach (var e in entries)
            {
                var errors = string.Join("; ", e.Errors.Select(x => $"{x.Type}: {x.Message}"));
                table.Add(Formats.Date(e.IngestDate), e.Source, e.RunId.Length == 0 ? "-" : e.RunId, e.Status.Text, e.Reason ?? "", e.Latest ? "yes" : "",
                    Formats.Instant(e.StartedAt), Formats.Duration(e.DurationMs), e.Objects?.ToString() ?? "-",
                    errors.Length > ErrorWidth ? errors[..(ErrorWidth - 1)] + "…" : errors,
                    e.Flags.Count == 0 ? "" : string.Join(",", e.Flags) + (e.RunId.Length == 0 ? $" ({e.Key})" : ""));
            }
            table.Write(output);
            return ExitCodes.Ok;
        });
        return command;
    }
}
