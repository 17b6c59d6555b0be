using System.CommandLine;
using Landfall.Cli.Output;
using Landfall.Manifests;
using Landfall.Runs;

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
            broken by ended_at, then run_id). Unreadable manifests are listed with the reason they were passed over.
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
            CommandOptions.EnsureSource(name, session);
            var only = CommandOptions.ParseDate(parse, date);
            var store = session.Runner.Store;
            var byDate = await store.ListBySourceAsync(name, ct).ConfigureAwait(false);
            var entries = new List<HistoryEntry>();
            foreach (var (day, objects) in byDate.Reverse())
            {
                if (only is not null && day != only)
                {
                    continue;
                }
                var reads = await store.ReadManyAsync(objects, ct).ConfigureAwait(false);
                for (var i = 0; i < reads.Count; i++)
                {
                    entries.Add(HistoryEntry.From(day, reads[i], latest: i == 0));
                }
            }
            var output = session.Console.Out;
            if (session.Json)
            {
                Formats.WriteJson(output, entries);
                return ExitCodes.Ok;
            }
            if (entries.Count == 0)
            {
                output.WriteLine($"No manifest for source '{name}'{(only is null ? "" : " on " + Formats.Date(only))} in {session.Lake.Description}.");
                return ExitCodes.Ok;
            }
            var table = new TextTable("DATE", "RUN_ID", "STATUS", "LATEST", "STARTED", "DURATION", "OBJECTS", "ERRORS");
            foreach (var e in entries)
            {
                table.Add(e.IngestDate, e.RunId, e.Status, e.Latest ? "yes" : "", Formats.Instant(e.StartedAt), Formats.Duration(e.DurationMs),
                    e.Objects?.ToString() ?? "-", e.Errors.Count == 0 ? "" : string.Join("; ", e.Errors.Select(x => $"{x.Type}: {x.Message}")));
            }
            table.Write(output);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal sealed record HistoryEntry(
        string IngestDate, string RunId, string Status, bool Latest, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, long? DurationMs,
        int? Objects, long? Bytes, IReadOnlyList<ManifestError> Errors, string? Supersedes, string Key)
    {
        public static HistoryEntry From(DateOnly day, ManifestRead read, bool latest)
        {
            var manifest = read.TryBind();
            // Seed manifests have no duration_ms: derive it from the timestamps.
            long? duration = read.Root is { ValueKind: System.Text.Json.JsonValueKind.Object } root && root.TryGetProperty("duration_ms", out var d)
                && d.TryGetInt64(out var ms)
                ? ms
                : read.StartedAt is { } s && read.EndedAt is { } e ? (long)(e - s).TotalMilliseconds : null;
            var errors = read.Outcome == ManifestReadOutcome.Ok
                ? read.Errors
                : [new ManifestError(null, read.FailureReason!, read.Problem ?? "unreadable")];
            return new HistoryEntry(ManifestKeys.FormatDate(day), read.RunId, StatusReader.Summarise(read).Status, latest, read.StartedAt, read.EndedAt,
                duration, manifest?.Outputs.Values.Sum(o => o.Totals.Objects), manifest?.Outputs.Values.Sum(o => o.Totals.Bytes), errors,
                manifest?.Supersedes?.RunId, read.Key);
        }
    }
}
