using System.CommandLine;
using Landfall.Cli.Output;
using Landfall.Sources;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall check</c>: connect to every source and report what it sees, reading no data.</summary>
internal static class CheckCommand
{
    public static Command Create(CliConsole console)
    {
        var sources = CommandOptions.Sources("Only this source (repeatable).");
        var command = new Command("check", """
            Connect to every configured source and print what it sees, reading no data and writing nothing: reachability,
            authentication, host keys to pin (SFTP), and how many files or objects match the source's next business date
            and today. Exit 1 when a source has an error.
            """)
        {
            sources,
        }.With("""
            landfall check
            landfall check --source partner_sftp --json
            """);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(parse, console);
            var selected = CommandOptions.SelectedSources(parse, sources, session);
            var plan = await session.Runner.PlanAsync(selected, ct).ConfigureAwait(false);
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(console.Time.GetUtcNow(), session.Config.Schedule.TimeZone).Date);
            var rows = new List<(string Source, CheckFinding Finding)>();
            foreach (var source in session.Config.Sources.Where(s => selected.Count == 0 || selected.Contains(s.Name)))
            {
                var next = plan.Sources.First(p => p.Source == source.Name).NextDate;
                var context = new SourceCheckContext(next == today ? [next] : [next, today], session.LoggerFactory.CreateLogger("Landfall.Check"),
                    console.Time);
                IReadOnlyList<CheckFinding> findings;
                try
                {
                    findings = await source.CheckAsync(context, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    findings = [CheckFinding.Error("check", e.Message)];
                }
                rows.AddRange(findings.Select(f => (source.Name, f)));
            }
            var output = session.Console.Out;
            if (session.Json)
            {
                Formats.WriteJson(output, rows.Select(r => new CheckRow(r.Source, r.Finding.Subject, r.Finding.Status, r.Finding.Detail)).ToList());
            }
            else
            {
                var table = new TextTable("SOURCE", "SUBJECT", "STATUS", "DETAIL");
                foreach (var (source, f) in rows)
                {
                    table.Add(source, f.Subject, f.Status, f.Detail);
                }
                table.Write(output);
            }
            return rows.Any(r => r.Finding.Status == "error") ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One finding in the --json form of check.</summary>
    internal sealed record CheckRow(string Source, string Subject, string Status, string Detail);
}
