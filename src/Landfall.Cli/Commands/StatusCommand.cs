using System.CommandLine;
using Landfall.Cli.Output;
using Landfall.Status;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall status</c>: where every source stands, and the lake-wide complete-through date.</summary>
internal static class StatusCommand
{
    public static Command Create(CliConsole console)
    {
        var sources = CommandOptions.Sources("Only this source (repeatable).");
        var command = new Command("status", """
            Where every source stands, from the manifests alone: latest successful date, next date, days behind the last
            complete date, the last run and its status, dates whose latest manifest is not a success; and complete_through,
            the last date through which every source has succeeded with no gap: what downstream jobs (dbt) should read.
            """)
        {
            sources,
        }.With("""
            landfall status
            landfall status --json | jq -r .complete_through
            """);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(parse, console);
            var status = await session.Host.StatusAsync(new StatusRequest { Sources = CommandOptions.Selected(parse, sources) }, ct)
                .ConfigureAwait(false);
            var output = session.Console.Out;
            if (session.Json)
            {
                Formats.WriteJson(output, status);
                return ExitCodes.Ok;
            }
            var table = new TextTable("SOURCE", "KIND", "LATEST_SUCCESS", "NEXT", "BEHIND", "COMPLETE_THROUGH", "LAST_RUN", "FAILED_DATES");
            foreach (var s in status.Sources)
            {
                var lastRun = s.LastRun is null ? "-" : $"{Formats.Date(s.LastRun.IngestDate)} {s.LastRun.Status} {Formats.Instant(s.LastRun.EndedAt)}";
                var failed = s.FailedDates.Count == 0 ? "-"
                    : string.Join(",", s.FailedDates.Take(5).Select(d => Formats.Date(d))) + (s.FailedDates.Count > 5 ? $" (+{s.FailedDates.Count - 5})" : "");
                table.Add(s.Source, s.Kind, Formats.Date(s.LatestSuccessfulDate), Formats.Date(s.NextDate), s.DaysBehind.ToString(),
                    Formats.Date(s.CompleteThrough), lastRun, failed);
            }
            table.Write(output);
            foreach (var s in status.Sources)
            {
                foreach (var key in s.ManifestsInFuture)
                {
                    output.WriteLine(Printable.Escape($"warning: {s.Source}: {key} has a LastModified ahead of this host's clock; it stays the latest of its date until then."));
                }
                foreach (var key in s.ForeignObjects)
                {
                    output.WriteLine(Printable.Escape($"warning: {s.Source}: {key} is not named run_id=R.json; it counts as a manifest of its date (as in the seed)."));
                }
            }
            output.WriteLine();
            output.WriteLine($"Complete through: {Formats.Date(status.CompleteThrough)} (every source, no gaps). Last complete business date: " +
                $"{Formats.Date(status.LastCompleteDate)}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
