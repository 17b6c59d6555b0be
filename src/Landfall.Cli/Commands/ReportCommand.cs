using System.CommandLine;
using Landfall.Cli.Output;
using Landfall.Hosting;
using Landfall.Reports;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall report</c>: the audit calendar, one self-contained HTML file built from the manifests alone.</summary>
internal static class ReportCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--out", "-o")
        {
            Description = "The HTML file to write (replaced if it exists). Written to a temporary file next to it, then moved into place.",
            Required = true,
        };
        var from = CommandOptions.Date("--from", "First business date (default: the earliest manifest date).");
        var to = CommandOptions.Date("--to", "Last business date (default: the newest manifest date or the last complete date, whichever is later).");
        var sources = CommandOptions.Sources(
            "Only this source (repeatable); default: every source in the config, then any other source that has manifests in the lake.");
        var objectsPerEntity = new Option<int>("--objects-per-entity")
        {
            Description = "How many objects of each manifest and entity to list with their integrity data (0: none). The rest are " +
                "counted, not listed: the manifest, whose key the report shows, lists them all.",
            DefaultValueFactory = _ => ReportRequest.DefaultObjectsPerEntity,
            HelpName = "N",
        };
        var command = new Command("report", """
            Write the audit calendar: one self-contained HTML file (inline CSS and script, no external asset; opens offline
            from file://) built from the manifests alone. A grid of sources x business dates, each cell showing the latest
            manifest's status (success, success superseding an earlier success, empty success, failed, unreadable manifest
            passed over, never ingested), the lake-wide complete-through date marked; a click on a cell shows every manifest
            of that date, newest first, with times, errors and the objects' integrity data (at most --objects-per-entity
            of each entity, so a 10,000-file day stays small). Reads only manifests. See docs/report.md.
            """)
        {
            output, from, to, sources, objectsPerEntity,
        }.With("""
            landfall report --out audit.html
            landfall report --out audit.html --from 2026-01-01 --to 2026-03-31
            landfall report --out shop.html --source shop --json
            """);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(parse, console);
            var request = new ReportRequest
            {
                From = CommandOptions.ParseDate(parse, from),
                To = CommandOptions.ParseDate(parse, to),
                Sources = CommandOptions.Selected(parse, sources),
                ObjectsPerEntity = parse.GetValue(objectsPerEntity),
            };
            var target = Path.GetFullPath(parse.GetValue(output)!);
            // Opened before any lake read: an unwritable path fails at once, and a failure never leaves half a report.
            var file = AtomicFile.Open(target, "--out");
            await using var closeFile = file.ConfigureAwait(false);
            var report = await session.Host.ReportAsync(request, ct).ConfigureAwait(false);
            await LandfallHost.WriteReportHtmlAsync(report, file.Stream, ct).ConfigureAwait(false);
            var bytes = await file.CommitAsync(ct).ConfigureAwait(false);

            var counts = report.Counts;
            var writer = session.Console.Out;
            if (session.Json)
            {
                Formats.WriteJson(writer, new ReportOutput(target, bytes, report.From, report.To, report.Sources.Count,
                    report.To.DayNumber - report.From.DayNumber + 1, report.ManifestCount, report.CompleteThrough,
                    AuditCellStatusNames.All.ToDictionary(AuditCellStatusNames.Word, s => counts[s])));
                return ExitCodes.Ok;
            }
            writer.WriteLine($"Wrote the audit report to {target} ({Formats.Bytes(bytes)}).");
            writer.WriteLine(
                $"{report.Sources.Count} source(s) x {report.To.DayNumber - report.From.DayNumber + 1} date(s) " +
                $"({Formats.Date(report.From)} to {Formats.Date(report.To)}), {report.ManifestCount} manifest(s): " +
                string.Join(", ", AuditCellStatusNames.All.Select(s => $"{counts[s]} {AuditCellStatusNames.Word(s).Replace('_', ' ')}")) + ".");
            writer.WriteLine($"Complete through: {Formats.Date(report.CompleteThrough)}. Open it in a browser: file://{target}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
