using System.CommandLine;
using Landfall.Cli.Output;
using Landfall.Verification;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall verify</c>: prove that what the manifests say landed is still there, byte for byte.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var sources = CommandOptions.Sources("Only this source (repeatable).");
        var date = CommandOptions.Date("--date", "Only this business date.");
        var from = CommandOptions.Date("--from", "First business date to verify.");
        var to = CommandOptions.Date("--to", "Last business date to verify.");
        var command = new Command("verify", """
            Re-read every object referenced by the latest successful manifest of each date and check it against the manifest:
            that it exists, its size, its SHA-256, and its ETag where one was recorded. Prints the problems (a table, or JSON
            with --json); exit 1 when anything does not match.
            """)
        {
            sources, date, from, to,
        }.With("""
            landfall verify
            landfall verify --source shop --date 2026-01-02
            landfall verify --from 2026-01-01 --to 2026-01-31 --json
            """);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(parse, console);
            var request = new VerifyRequest
            {
                Date = CommandOptions.ParseDate(parse, date),
                From = CommandOptions.ParseDate(parse, from),
                To = CommandOptions.ParseDate(parse, to),
                Sources = CommandOptions.Selected(parse, sources),
            };
            var report = await session.Host.VerifyAsync(request, ct).ConfigureAwait(false);
            var output = session.Console.Out;
            if (session.Json)
            {
                Formats.WriteJson(output, new VerifyOutput(report.Manifests, report.Objects, report.Bytes, report.Problems.Count == 0, report.Problems,
                    report.Warnings));
            }
            else
            {
                if (report.Problems.Count > 0)
                {
                    var table = new TextTable("SOURCE", "DATE", "CHECK", "KEY", "EXPECTED", "ACTUAL");
                    foreach (var p in report.Problems)
                    {
                        table.Add(p.Source, Formats.Date(p.IngestDate), p.Check, p.Key, p.Expected, p.Actual);
                    }
                    table.Write(output);
                    output.WriteLine();
                }
                foreach (var warning in report.Warnings)
                {
                    output.WriteLine(Printable.Escape($"warning: {warning}"));
                }
                output.WriteLine(
                    $"{report.Objects} object(s) in {report.Manifests} successful manifest(s) verified, {Formats.Bytes(report.Bytes)} re-read: " +
                    (report.Problems.Count == 0 ? "everything matches." : $"{report.Problems.Count} problem(s)."));
            }
            return report.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}
