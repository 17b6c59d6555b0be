using System.CommandLine;
using System.Globalization;
using Landfall.Cli.Output;
using Landfall.Status;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall status</c>: where every source stands, and the lake-wide complete-through date.</summary>
internal static class StatusCommand
{
    public static Command Create(CliConsole console)
    {
        var sources = CommandOptions.Sources("Only this source (repeatable).");
        var check = new Option<bool>("--check")
        {
            Description = "Exit 1 when a source has a late date, a date that failed its contracts (schema_changed, expectation_failed) " +
                "or is past its freshness.error_after (warnings alone, such as contract warnings, exit 0): for a monitoring job. Prints the alerts.",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "table (default); json (as --json); prometheus: the status gauges in the Prometheus text format, for " +
                "node_exporter's textfile collector or a sidecar (docs/observability.md).",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "prometheus");
        var command = new Command("status", """
            Where every source stands, from the manifests alone: latest successful date, next date, days behind the last
            complete date, the last run and its status, dates whose latest manifest is not a success; and complete_through,
            the last date through which every source has succeeded with no gap: what downstream jobs (dbt) should read.
            HOLES are failed or missing dates behind a source's newest success (a plain run repairs them); LATE dates were
            past their deadline (expected_by) without data; FRESHNESS is the age of the newest complete date against the
            source's freshness thresholds.
            """)
        {
            sources, check, format,
        }.With("""
            landfall status
            landfall status --format prometheus > /var/lib/node_exporter/textfile/landfall.prom
            landfall status --json | jq -r .complete_through
            landfall status --check || page-the-on-call
            """);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(parse, console);
            var status = await session.Host.StatusAsync(new StatusRequest { Sources = CommandOptions.Selected(parse, sources) }, ct)
                .ConfigureAwait(false);
            var output = session.Console.Out;
            var exit = parse.GetValue(check) && !status.Healthy ? ExitCodes.Failed : ExitCodes.Ok;
            if (parse.GetValue(format) == "prometheus")
            {
                output.Write(Landfall.Status.StatusMetrics.ToPrometheusText(status));
                return exit;
            }
            if (session.Json || parse.GetValue(format) == "json")
            {
                Formats.WriteJson(output, status);
                return exit;
            }
            var table = new TextTable("SOURCE", "KIND", "LATEST_SUCCESS", "NEXT", "BEHIND", "COMPLETE_THROUGH", "FRESHNESS", "LAST_RUN",
                "FAILED_DATES", "HOLES", "LATE");
            foreach (var s in status.Sources)
            {
                var lastRun = s.LastRun is null ? "-" : $"{Formats.Date(s.LastRun.IngestDate)} {s.LastRun.Status.Text} {Formats.Instant(s.LastRun.EndedAt)}";
                table.Add(s.Source, s.Kind, Formats.Date(s.LatestSuccessfulDate), Formats.Date(s.NextDate), s.DaysBehind.ToString(),
                    Formats.Date(s.CompleteThrough), FreshnessCell(s.Freshness), lastRun, Dates(s.FailedDates), Dates(s.Holes), Dates(s.LateDates));
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
            foreach (var alert in status.Alerts)
            {
                output.WriteLine(Printable.Escape($"{alert.Level.ToWord()}: {alert.Source}: {alert.Kind.ToWord()}: {alert.Detail}"));
            }
            if (parse.GetValue(check))
            {
                output.WriteLine(status.Healthy ? "Check: healthy." : "Check: unhealthy (exit 1).");
            }
            return exit;
        });
        return command;
    }

    private static string Dates(IReadOnlyList<DateOnly> dates) => dates.Count == 0 ? "-"
        : string.Join(",", dates.Take(5).Select(d => Formats.Date(d))) + (dates.Count > 5 ? $" (+{dates.Count - 5})" : "");

    private static string FreshnessCell(Freshness f)
    {
        var age = f.AgeHours >= 48
            ? string.Create(CultureInfo.InvariantCulture, $"{f.AgeHours / 24:0.#}d")
            : string.Create(CultureInfo.InvariantCulture, $"{f.AgeHours:0.#}h");
        return f.Status == FreshnessStatus.None ? age : $"{f.Status.ToWord()} {age}";
    }
}
