using System.CommandLine;
using Landfall.Cli.Output;
using Landfall.Progress;
using Landfall.Runs;
using Spectre.Console;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall run</c>: ingest the next business date, a range, or one date.</summary>
internal static class RunCommand
{
    public static Command Create(CliConsole console)
    {
        var date = CommandOptions.Date("--date", "Ingest this business date only (backfill), YYYY-MM-DD.");
        var from = CommandOptions.Date("--from", "First date of a range to ingest (with --to); dates already successful are skipped.");
        var to = CommandOptions.Date("--to", "Last date of a range to ingest (with --from).");
        var catchUp = new Option<bool>("--catch-up") { Description = "Date after date while any source is behind the last complete date; stops at the first date that fails or waits." };
        var noRepair = new Option<bool>("--no-repair")
        {
            Description = "Without a date: do not retry the holes (dates behind a source's latest success that are not a success) first, " +
                "whatever schedule.repair_holes says.",
        };
        var force = new Option<bool>("--force") { Description = "Ingest even when the latest manifest is a success (only with --date or --from/--to); the new manifest names the run it supersedes, the old one stays." };
        var sources = CommandOptions.Sources("Only this source (repeatable); default: every source in the config.");
        var progressMode = new Option<string>("--progress")
        {
            Description = "Live progress on stderr: auto (in a terminal, without --json or --log-format json), always, or never.",
            DefaultValueFactory = _ => "auto",
        };
        progressMode.AcceptOnlyFromAmong("auto", "always", "never");
        var acceptSchema = new Option<bool>("--accept-schema")
        {
            Description = "Accept the schema change of --date for the one --source: recorded in the manifest as accepted, by whom " +
                "(--accepted-by, default user@host), instead of failing the date (schema_contract: freeze) or marking it (warn).",
        };
        var acceptExpectations = new Option<bool>("--accept-expectations")
        {
            Description = "Accept the expectations --date does not meet for the one --source (a holiday with few rows): recorded in the manifest.",
        };
        var acceptedBy = new Option<string?>("--accepted-by") { Description = "Who accepts, as the manifest records it (default user@host).", HelpName = "NAME" };
        var noReconcile = new Option<bool>("--no-reconcile")
        {
            Description = "Skip the reconcile pass that sources with reconcile.after_run: true make after the run's main work.",
        };
        var command = new Command("run", """
            Ingest business dates. Without a date option: first the holes (dates behind a source's latest success whose
            latest manifest is not a success; schedule.max_repairs_per_run of them, oldest first), then the next business date,
            the minimum over sources of their latest successful date plus one day, provided it is complete (today in the
            schedule's time zone minus lag_days). For each source, a date whose latest manifest is a success is skipped before
            any connection to the source. A date whose data is not there yet is 'waiting' (no manifest) until the source's
            expected_by; past it, 'late': a failed manifest and exit 1.
            """)
        {
            date, from, to, catchUp, noRepair, force, sources, progressMode, noReconcile, acceptSchema, acceptExpectations, acceptedBy,
        }.With("""
            landfall run
            landfall run --catch-up
            landfall run --from 2026-01-01 --to 2026-01-31
            landfall run --date 2026-01-02 --source shop --force
            landfall run --date 2026-01-02 --source shop --accept-schema     (a schema change, checked, is accepted)
            landfall run --json | jq '.[] | select(.status == "failed")'
            landfall run --catch-up --progress never       (a terminal without the live view)
            """);
        command.SetAction(async (parse, ct) =>
        {
            var accepting = parse.GetValue(acceptSchema) ? "--accept-schema" : parse.GetValue(acceptExpectations) ? "--accept-expectations" : null;
            if (accepting is not null && (parse.GetValue(date) is null || CommandOptions.Selected(parse, sources).Count != 1))
            {
                throw new UsageException($"{accepting} needs --date and exactly one --source: accepting a change is one deliberate act, " +
                    "for one date of one source.");
            }
            using var session = CliSession.Open(parse, console);
            var live = LiveProgress.Wanted(
                parse.GetValue(progressMode)!, console, session.Json, parse.GetValue(GlobalOptions.LogFormat) == "json");
            var request = new RunRequest
            {
                Date = CommandOptions.ParseDate(parse, date),
                From = CommandOptions.ParseDate(parse, from),
                To = CommandOptions.ParseDate(parse, to),
                CatchUp = parse.GetValue(catchUp),
                Force = parse.GetValue(force),
                Sources = CommandOptions.Selected(parse, sources),
                RepairHoles = parse.GetValue(noRepair) ? false : null,
                Progress = live ? new RunProgress(console.Time) : null,
                Reconcile = !parse.GetValue(noReconcile),
                AcceptSchema = parse.GetValue(acceptSchema),
                AcceptExpectations = parse.GetValue(acceptExpectations),
                AcceptedBy = parse.GetValue(acceptedBy),
            };
            var report = request.Progress is not { } progress
                ? await session.Host.RunAsync(request, ct).ConfigureAwait(false)
                : await LiveProgress.ShowAsync(LiveProgress.ConsoleFor(console.Error), progress, () => session.Host.RunAsync(request, ct))
                    .ConfigureAwait(false);
            Render(session, report, live);
            return report.AnyFailed ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(CliSession session, RunReport report, bool live)
    {
        var (results, upToDate) = (report.Results, report.UpToDate);
        var output = session.Console.Out;
        if (session.Json)
        {
            Formats.WriteJson(output, results);
            return;
        }
        if (live && session.Console.OutIsTerminal && results.Count > 0)
        {
            // Someone is watching stdout: the summary as a drawn table. Pipes, files and scripts get the plain columns below.
            var table = new Table().Border(TableBorder.Rounded).Title("[bold]landfall run[/]")
                .AddColumn("date").AddColumn("source").AddColumn("status")
                .AddColumn(new TableColumn("objects").RightAligned()).AddColumn(new TableColumn("bytes").RightAligned())
                .AddColumn(new TableColumn("duration").RightAligned()).AddColumn(new TableColumn("run_id").NoWrap());
            foreach (var r in results)
            {
                var skipped = r.Status == RunStatus.Skipped;
                var colour = r.Status switch { RunStatus.Success => "green", RunStatus.Failed => "red", RunStatus.Waiting => "yellow", _ => "grey" };
                var why = r.Reason ?? r.ReingestReason;
                var status = $"[{colour}]{r.Status.ToWord()}[/]" + (why is null ? "" : $" [grey]({Markup.Escape(Printable.Escape(why))})[/]");
                table.AddRow(
                    Formats.Date(r.IngestDate), Markup.Escape(Printable.Escape(r.Source)), status,
                    skipped ? "" : r.Objects.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    skipped ? "" : Formats.Bytes(r.Bytes), skipped ? "" : Formats.Duration(r.DurationMs), skipped ? "" : r.RunId);
            }
            LiveProgress.ConsoleFor(output).Write(table);
        }
        else if (results.Count > 0)
        {
            var table = new TextTable("DATE", "SOURCE", "STATUS", "REASON", "OBJECTS", "BYTES", "DURATION", "RUN_ID");
            foreach (var r in results)
            {
                var skipped = r.Status == RunStatus.Skipped;
                table.Add(Formats.Date(r.IngestDate), r.Source, r.Status.ToWord(), r.Reason ?? r.ReingestReason ?? "", skipped ? "" : r.Objects.ToString(),
                    skipped ? "" : Formats.Bytes(r.Bytes), skipped ? "" : Formats.Duration(r.DurationMs), skipped ? "" : r.RunId);
            }
            table.Write(output);
        }
        if (results.Count > 0)
        {
            output.WriteLine();
            foreach (var r in results.Where(r => r.Status is RunStatus.Failed or RunStatus.Waiting))
            {
                var prefix = r.Status == RunStatus.Waiting ? "waiting: " : "";
                var until = r.Status == RunStatus.Waiting && r.Deadline is { } d ? $" Late after {Formats.Instant(d)}; no manifest written." : "";
                var still = r.Status == RunStatus.Failed && r.ManifestKey is null && r.Reason == "late"
                    ? " (still late, nothing changed: no new manifest)" : "";
                foreach (var e in r.Errors)
                {
                    output.WriteLine(Printable.Escape(
                        $"{prefix}{Formats.Date(r.IngestDate)} {r.Source}{(e.Entity is null ? "" : "." + e.Entity)}: {e.Type}: {e.Message}{until}{still}"));
                }
            }
            foreach (var r in results)
            {
                foreach (var w in r.Warnings)
                {
                    output.WriteLine(Printable.Escape($"warning: {Formats.Date(r.IngestDate)} {r.Source}{(w.Entity is null ? "" : "." + w.Entity)}: {w.Type}: {w.Message}"));
                }
            }
            var dates = results.Select(r => r.IngestDate).Distinct().Count();
            var waiting = results.Count(r => r.Status == RunStatus.Waiting);
            output.WriteLine(Printable.Escape(
                $"{dates} date(s): {results.Count(r => r.Status == RunStatus.Success)} ingested, " +
                $"{results.Count(r => r.Status == RunStatus.Skipped)} skipped, {(waiting > 0 ? $"{waiting} waiting, " : "")}" +
                $"{results.Count(r => r.Status == RunStatus.Failed)} failed; " +
                $"{Formats.Bytes(results.Sum(r => r.Bytes))} written to {session.Host.Lake.Description}."));
        }
        if (upToDate is not null)
        {
            output.WriteLine(results.Count == 0 ? $"Nothing to do: {upToDate}." : $"Stopped: {upToDate}.");
        }
    }
}
