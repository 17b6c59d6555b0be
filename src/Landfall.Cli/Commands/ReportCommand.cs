using System.CommandLine;
using Landfall.Cli.Output;
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
        var command = new Command("report", """
            Write the audit calendar: one self-contained HTML file (inline CSS and script, no external asset; opens offline
            from file://) built from the manifests alone. A grid of sources x business dates, each cell showing the latest
            manifest's status (success, success superseding an earlier success, empty success, failed, unreadable manifest
            passed over, never ingested), the lake-wide complete-through date marked; a click on a cell shows every manifest
            of that date, newest first, with times, errors and the objects' integrity data. Reads only manifests. See
            docs/report.md.
            """)
        {
            output, from, to, sources,
        }.With("""
            landfall report --out audit.html
            landfall report --out audit.html --from 2026-01-01 --to 2026-03-31
            landfall report --out orders.html --source orders --json
            """);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(parse, console);
            var selected = CommandOptions.SelectedSources(parse, sources, session);
            var first = CommandOptions.ParseDate(parse, from);
            var last = CommandOptions.ParseDate(parse, to);
            if (first is { } f && last is { } l && f > l)
            {
                throw new UsageException($"--from {Formats.Date(f)} is after --to {Formats.Date(l)}.");
            }
            var target = Path.GetFullPath(parse.GetValue(output)!);
            // Opened before any lake read: an unwritable path fails at once, and a failure never leaves half a report.
            var file = ReportFile.Open(target);
            await using var closeFile = file.ConfigureAwait(false);
            var options = new AuditReportOptions
            {
                Sources = session.Config.Sources.Where(s => selected.Count == 0 || selected.Contains(s.Name)).ToList(),
                IncludeUnconfiguredSources = selected.Count == 0,
                From = first,
                To = last,
                LastCompleteDate = session.Runner.LastCompleteDate(),
                Env = session.Config.Env,
                GeneratedAt = session.Console.Time.GetUtcNow(),
            };
            AuditReport report;
            try
            {
                report = await new AuditReportBuilder(session.Runner.Store).BuildAsync(options, ct).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"{e.Message} (--from, --to)");
            }
            await AuditHtmlWriter.WriteAsync(report, file.Stream, ct).ConfigureAwait(false);
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

    /// <summary>A report being written: a temporary file next to the target, moved over it only when complete.</summary>
    private sealed class ReportFile : IAsyncDisposable
    {
        private readonly string _target;
        private readonly string _temporary;
        private bool _committed;

        private ReportFile(string target, string temporary, FileStream stream)
        {
            _target = target;
            _temporary = temporary;
            Stream = stream;
        }

        public FileStream Stream { get; }

        public static ReportFile Open(string target)
        {
            if (Directory.Exists(target))
            {
                throw new UsageException($"--out '{target}' is a folder; give the path of the HTML file to write.");
            }
            var folder = Path.GetDirectoryName(target)!;
            if (!Directory.Exists(folder))
            {
                throw new UsageException($"--out '{target}': the folder '{folder}' does not exist; create it first.");
            }
            var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
            try
            {
                return new ReportFile(target, temporary, new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--out '{target}': cannot write in '{folder}' ({e.Message}).");
            }
        }

        /// <summary>Flushes to disk and moves the file into place; returns its size.</summary>
        public async Task<long> CommitAsync(CancellationToken cancellationToken)
        {
            await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            Stream.Flush(flushToDisk: true);
            var length = Stream.Length;
            await Stream.DisposeAsync().ConfigureAwait(false);
            try
            {
                File.Move(_temporary, _target, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LandfallException($"Could not move the report into place at '{_target}' ({e.Message}); nothing was replaced.", e);
            }
            _committed = true;
            return length;
        }

        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync().ConfigureAwait(false);
            if (!_committed)
            {
                try
                {
                    File.Delete(_temporary);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The temporary file is hidden (dot-named) and harmless; the command's own error is what matters.
                }
            }
        }
    }

    /// <summary>The --json form of report.</summary>
    internal sealed record ReportOutput(string Out, long Bytes, DateOnly From, DateOnly To, int Sources, int Dates, int Manifests,
        DateOnly? CompleteThrough, Dictionary<string, int> Cells);
}
