using System.CommandLine;
using Landfall.Cli.Output;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall current</c>: the objects that count, per (source, entity, date), for downstream readers.</summary>
internal static class CurrentCommand
{
    private static readonly string[] FormatNames = ["json", "paths", "csv"];

    public static Command Create(CliConsole console)
    {
        var selection = new CurrentOptions();
        var format = new Option<string>("--format", "-f")
        {
            Description = "json (default): one entry per (source, entity, date) with its objects; paths: one URI per line; csv: one row per object.",
            DefaultValueFactory = _ => "json",
        };
        format.AcceptOnlyFromAmong(FormatNames);
        var command = new Command("current", """
            The current data, for downstream readers (dbt, DuckDB, Athena, Spark): for each (source, entity, date) with a
            successful run, the objects of the date's current run (its newest success by the manifest rule), as lake URIs
            (s3://bucket/key or absolute paths). Objects of failed runs and of superseded runs are never listed. date_status
            is the status of the date's latest manifest: 'success' when the current run is the latest; 'failed' (or why
            the latest manifest is unreadable) when a later run failed after it: the data is the last good one, but the date
            is not complete (filter on it to be strict). Reads only manifests. See docs/downstream.md.
            """)
        {
            format,
        }.With("""
            landfall current --source shop --entity orders --format paths
            landfall current --from 2026-01-01 --to 2026-01-31 --format csv > current.csv
            landfall current --json | jq -r '.[] | select(.date_status == "success") | .objects[].uri'
            """);
        foreach (var option in selection.All)
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(parse, console);
            var request = selection.Request(parse);
            var entries = session.Host.CurrentAsync(request, ct);
            var output = session.Console.Out;
            switch (session.Json ? "json" : parse.GetValue(format))
            {
                case "paths":
                    await foreach (var entry in entries.ConfigureAwait(false))
                    {
                        foreach (var obj in entry.Objects)
                        {
                            await output.WriteLineAsync(obj.Uri).ConfigureAwait(false);
                        }
                    }
                    break;
                case "csv":
                    await output.WriteLineAsync("source,entity,ingest_date,date_status,run_id,uri,bytes,sha256,rows").ConfigureAwait(false);
                    await foreach (var e in entries.ConfigureAwait(false))
                    {
                        foreach (var o in e.Objects)
                        {
                            await output.WriteLineAsync(Csv.Row(e.Source, e.Entity, Formats.Date(e.IngestDate), e.DateStatus.Text, e.RunId, o.Uri,
                                o.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture), o.Sha256 ?? "",
                                o.Rows?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "")).ConfigureAwait(false);
                        }
                    }
                    break;
                default:
                    await Formats.WriteJsonArrayAsync(output, entries, ct).ConfigureAwait(false);
                    break;
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
