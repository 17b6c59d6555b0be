using System.CommandLine;
using Landfall.Cli.Output;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall export</c>: the object table as one Parquet file, for engines that join it to read the current objects.</summary>
internal static class ExportCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--out", "-o")
        {
            Description = "The Parquet file to write (replaced if it exists). Written to a temporary file next to it, then moved into place.",
            Required = true,
        };
        var selection = new CurrentOptions();
        var command = new Command("export", """
            Write the object table as one Parquet file: one row per object of every run (source, entity, ingest_date, run_id,
            status, date_status, is_current, uri, key, bytes, sha256, rows, started_at, ended_at, manifest_key). is_current
            marks the objects of each date's current run (its newest success); failed and superseded runs' objects are in the
            table with is_current = false, for the audit. Upload it next to the lake and join it from DuckDB, Athena or Spark
            to read exactly the current data (docs/downstream.md). Reads only manifests.
            """)
        {
            output,
        }.With("""
            landfall export --out objects.parquet
            duckdb -c "SELECT uri FROM 'objects.parquet' WHERE is_current AND entity = 'orders'"
            landfall export --out shop.parquet --source shop --from 2026-01-01 --to 2026-03-31 --json
            """);
        foreach (var option in selection.All)
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(parse, console);
            var request = selection.Request(parse);
            var target = Path.GetFullPath(parse.GetValue(output)!);
            var file = AtomicFile.Open(target, "--out");
            await using var closeFile = file.ConfigureAwait(false);
            var rows = await session.Host.ExportObjectTableAsync(request, file.Stream, ct).ConfigureAwait(false);
            var bytes = await file.CommitAsync(ct).ConfigureAwait(false);
            if (session.Json)
            {
                Formats.WriteJson(session.Console.Out, new ExportOutput(target, bytes, rows));
                return ExitCodes.Ok;
            }
            session.Console.Out.WriteLine($"Wrote the object table to {target}: {rows} object row(s), {Formats.Bytes(bytes)}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
