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
            var asked = CommandOptions.ParseDate(parse, date);
            var plan = await session.Host.PlanAsync(new PlanRequest { Date = asked, Sources = CommandOptions.Selected(parse, sources) }, ct)
                .ConfigureAwait(false);
            var output = session.Console.Out;
            if (session.Json)
            {
                Formats.WriteJson(output, plan);
                return ExitCodes.Ok;
            }
            output.WriteLine(plan.Date is not { } target
                ? $"Nothing to do: {plan.Why}."
                : $"Date {Formats.Date(target)}{(asked is not null ? " (as asked)" : $": {plan.Why}")}.");
            output.WriteLine($"Last complete business date: {Formats.Date(plan.LastCompleteDate)}.");
            output.WriteLine();
            var table = new TextTable("SOURCE", "LATEST_SUCCESS", "NEXT", "ACTION", "REASON");
            foreach (var r in plan.Sources)
            {
                table.Add(r.Source, Formats.Date(r.LatestSuccessfulDate), Formats.Date(r.NextDate), r.Action, r.Reason ?? "");
            }
            table.Write(output);
            return ExitCodes.Ok;
        });
        return command;
    }
}
