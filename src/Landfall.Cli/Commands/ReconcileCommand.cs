using System.CommandLine;
using System.Globalization;
using Landfall.Cli.Output;
using Landfall.Reconcile;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall reconcile</c>: what changed at the sources after dates succeeded, and re-ingest it on request.</summary>
internal static class ReconcileCommand
{
    public static Command Create(CliConsole console)
    {
        var sources = CommandOptions.Sources("Only this source (repeatable); default: every source in the config.");
        var from = CommandOptions.Date("--from", "First date to compare (with --to).");
        var to = CommandOptions.Date("--to", "Last date to compare (with --from); at most the last complete business date.");
        var lookback = new Option<int?>("--lookback")
        {
            Description = "The last N business dates up to the last complete date (default: each source's reconcile.lookback_days, 7).",
        };
        var apply = new Option<bool>("--apply")
        {
            Description = "Re-ingest every date that drifted as a new run: its manifest names the run it supersedes and records the drift; " +
                "nothing is deleted. A date another run holds is left to it.",
        };
        var command = new Command("reconcile", """
            Compare, for each date whose latest manifest is a success, what the source shows now with what that manifest recorded,
            transferring no data: files and sftp by names, sizes and modification times; s3 by keys, sizes, ETags and version ids;
            postgres by each entity's row count and content fingerprint, computed by the server over the same SQL and date. Prints
            per (source, date) no_drift, drift (with the evidence: before and after), not_comparable or failed (a table, or JSON
            with --json). Exit 1 when any date drifted (even when --apply re-ingested it) or a source could not be observed; 0 when
            nothing drifted; 2 on usage errors. See docs/reconcile.md.
            """)
        {
            sources, from, to, lookback, apply,
        }.With("""
            landfall reconcile                                     every source, its own window (default: the last 7 dates)
            landfall reconcile -c samples/quickstart/landfall.yaml --from 2026-01-01 --to 2026-01-05
            landfall reconcile --source shop --lookback 30 --json
            landfall reconcile --from 2026-01-01 --to 2026-01-05 --apply   re-ingest the dates that drifted
            landfall reconcile --json | jq '.results[] | select(.status == "drift")'
            """);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(parse, console);
            var request = new ReconcileRequest
            {
                Sources = CommandOptions.Selected(parse, sources),
                From = CommandOptions.ParseDate(parse, from),
                To = CommandOptions.ParseDate(parse, to),
                LookbackDays = parse.GetValue(lookback),
                Apply = parse.GetValue(apply),
            };
            var report = await session.Host.ReconcileAsync(request, ct).ConfigureAwait(false);
            if (session.Json)
            {
                Formats.WriteJson(session.Console.Out, report);
            }
            else
            {
                Render(session.Console.Out, report);
            }
            return report.AnyDrift || report.AnyFailed ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(TextWriter output, ReconcileReport report)
    {
        var results = report.Results;
        if (results.Count == 0)
        {
            output.WriteLine(report.Windows.Count == 0
                ? "Nothing to compare: no selected source has a date in the window (before its start_date?)."
                : "Nothing to compare: no date of the window has a manifest (" +
                  string.Join(", ", report.Windows.Select(w => $"{w.Source} {Formats.Date(w.From)}..{Formats.Date(w.To)}")) + ").");
            return;
        }
        var table = new TextTable("SOURCE", "DATE", "RESULT", "DETAIL", "COMPARED_RUN", "REINGEST");
        foreach (var r in results)
        {
            var detail = r.Status is ReconcileStatus.NotComparable or ReconcileStatus.Failed ? r.Reason ?? "" : Summary(r);
            table.Add(r.Source, Formats.Date(r.IngestDate), r.Status.ToWord(), detail, r.RunId ?? "", Reingest(r));
        }
        table.Write(output);
        var lines = new List<string>();
        foreach (var r in results)
        {
            var at = $"{r.Source} {Formats.Date(r.IngestDate)}";
            lines.AddRange(r.Changes.Select(c => $"{at} {c.Entity}: {Describe(c)}"));
            if (r.Message is not null)
            {
                lines.Add($"{at}: {r.Status.ToWord()} ({r.Reason}): {r.Message}");
            }
            lines.AddRange(r.Notes.Select(n => $"{at}: note: {n}"));
            if (r.ReingestDeferred is { } deferred)
            {
                lines.Add($"{at}: not re-ingested now: {deferred}");
            }
            if (r.Reingest is { Errors.Count: > 0 } failed)
            {
                lines.AddRange(failed.Errors.Select(e => $"{at}: re-ingest {e.Type}: {e.Message}"));
            }
        }
        if (lines.Count > 0)
        {
            output.WriteLine();
            foreach (var line in lines)
            {
                output.WriteLine(line);
            }
        }
        output.WriteLine();
        int Count(ReconcileStatus status) => results.Count(r => r.Status == status);
        var reingested = results.Count(r => r.Reingest?.Status == Runs.RunStatus.Success);
        output.WriteLine(
            $"{results.Count} date(s) compared: {Count(ReconcileStatus.Drift)} drift, {Count(ReconcileStatus.NoDrift)} no drift, " +
            $"{Count(ReconcileStatus.NotComparable)} not comparable, {Count(ReconcileStatus.Failed)} failed" +
            (report.Applied ? $"; {reingested} re-ingested." : report.AnyDrift ? "; --apply re-ingests the dates that drifted." : "."));
    }

    private static string Summary(ReconcileResult r)
    {
        if (r.Changes.Count == 0)
        {
            return "";
        }
        var parts = new List<string>();
        if (r.Changes.Any(c => c.SourcePath is not null))
        {
            parts.Add($"{Count(r, DriftChangeKind.Added)} added, {Count(r, DriftChangeKind.Changed)} changed, {Count(r, DriftChangeKind.Removed)} removed");
        }
        parts.AddRange(r.Changes.Where(c => c.SourcePath is null).Select(c => $"{c.Entity} {c.Change.ToWord()}"));
        return string.Join("; ", parts);
    }

    private static int Count(ReconcileResult r, DriftChangeKind change) => r.Changes.Count(c => c.Change == change);

    private static string Reingest(ReconcileResult r) => r.Reingest switch
    {
        null => r.ReingestDeferred is null ? "" : "deferred",
        { Status: Runs.RunStatus.Skipped } run => $"skipped ({run.Reason}{(run.ClaimedBy is null ? "" : " by " + run.ClaimedBy)})",
        var run => $"{run.Status.ToWord()} {run.RunId}",
    };

    private static string Describe(DriftChange c) => c.Change switch
    {
        DriftChangeKind.Added => $"added {c.SourcePath} ({Facts(c.After)})",
        DriftChangeKind.Removed => $"removed {c.SourcePath} (was {Facts(c.Before)}; it stays in the lake)",
        DriftChangeKind.Changed => $"changed {c.SourcePath}: {string.Join(", ", c.Fields.Select(f => $"{f.ToWord()} {Field(c.Before, f)} -> {Field(c.After, f)}"))}",
        _ => $"{c.Change.ToWord()}: {string.Join(", ", c.Fields.Select(f => $"{f.ToWord()} {Field(c.Before, f)} -> {Field(c.After, f)}"))}",
    };

    private static string Facts(SourceFacts? f) => f is null ? "" : string.Join(", ", new[]
    {
        f.Bytes is { } b ? Formats.Bytes(b) : null,
        f.ModifiedAt is { } m ? "modified " + Formats.Instant(m) : null,
        f.ETag is { } e ? "etag " + e : null,
        f.VersionId is { } v ? "version " + v : null,
    }.Where(x => x is not null));

    private static string Field(SourceFacts? f, DriftField field) => f is null ? "none" : field switch
    {
        DriftField.Bytes => f.Bytes?.ToString(CultureInfo.InvariantCulture) ?? "-",
        DriftField.ModifiedAt => f.ModifiedAt is { } m ? Manifests.ManifestFormat.FormatInstant(m) : "-",
        DriftField.Etag => f.ETag ?? "-",
        DriftField.VersionId => f.VersionId ?? "-",
        DriftField.Rows => f.Rows?.ToString(CultureInfo.InvariantCulture) ?? "none",
        DriftField.Fingerprint => f.Fingerprint ?? "none",
        _ => "-",
    };
}
