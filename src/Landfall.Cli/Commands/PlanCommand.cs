using System.CommandLine;
using Landfall.Cli.Output;
using Landfall.Runs;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall plan</c>: what <c>run</c> would do now, and why, without touching any source.</summary>
internal static class PlanCommand
{
    public static Command Create(CliConsole console)
    {
        var date = CommandOptions.Date("--date", "Show the decision for this date instead of the next business date.");
        var sources = CommandOptions.Sources("Only this source (repeatable).");
        var command = new Command("plan", """
            What 'landfall run' would do now and why, from the manifests alone: the next business date and, per source,
            whether it would be ingested or skipped. Reads the lake only; never connects to a source, never writes.
            """)
        {
            date, sources,
        }.With("""
            landfall plan
            landfall plan --date 2026-01-02 --json
            """);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(parse, console);
            var selected = CommandOptions.SelectedSources(parse, sources, session);
            var plan = await session.Runner.PlanAsync(selected, ct).ConfigureAwait(false);
            var target = CommandOptions.ParseDate(parse, date) ?? plan.NextDate;
            var decisions = target is { } t
                ? await session.Runner.DecideAsync(t, new RunOptions { Sources = selected }, ct).ConfigureAwait(false)
                : [];
            var rows = plan.Sources.Select(p =>
            {
                var d = decisions.FirstOrDefault(x => x.Source == p.Source).Decision;
                return new PlanRow(p.Source, p.LatestSuccessfulDate, p.NextDate, d is null ? "none" : d.Ingest ? "ingest" : "skip", d?.Reason,
                    d?.Latest?.Key);
            }).ToList();
            var output = session.Console.Out;
            if (session.Json)
            {
                Formats.WriteJson(output, new PlanOutput(target, plan.LastCompleteDate, plan.Why, rows));
                return ExitCodes.Ok;
            }
            output.WriteLine(target is null
                ? $"Nothing to do: {plan.Why}."
                : $"Date {Formats.Date(target)}{(date is not null && parse.GetValue(date) is not null ? " (as asked)" : $": {plan.Why}")}.");
            output.WriteLine($"Last complete business date: {Formats.Date(plan.LastCompleteDate)}.");
            output.WriteLine();
            var table = new TextTable("SOURCE", "LATEST_SUCCESS", "NEXT", "ACTION", "REASON");
            foreach (var r in rows)
            {
                table.Add(r.Source, Formats.Date(r.LatestSuccessfulDate), Formats.Date(r.NextDate), r.Action, r.Reason ?? "");
            }
            table.Write(output);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The --json form of plan.</summary>
    internal sealed record PlanOutput(DateOnly? Date, DateOnly LastCompleteDate, string Why, List<PlanRow> Sources);

    /// <summary>One source in the --json form of plan.</summary>
    internal sealed record PlanRow(string Source, DateOnly? LatestSuccessfulDate, DateOnly NextDate, string Action, string? Reason,
        string? LatestManifest);
}
