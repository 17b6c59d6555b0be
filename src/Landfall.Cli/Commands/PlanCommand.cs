using System.CommandLine;
using Landfall.Cli.Output;
using Landfall.Planning;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall plan</c>: what <c>run</c> would do now, and why, without touching any source; the units to fan out.</summary>
internal static class PlanCommand
{
    public static Command Create(CliConsole console)
    {
        var date = CommandOptions.Date("--date", "Show the decision for this date instead of the next business date.");
        var from = CommandOptions.Date("--from", "First date of a range to plan (with --to): one unit per source and date.");
        var to = CommandOptions.Date("--to", "Last date of a range to plan (with --from).");
        var catchUp = new Option<bool>("--catch-up") { Description = "Plan every date 'run --catch-up' would reach: one unit per source and date." };
        var sources = CommandOptions.Sources("Only this source (repeatable).");
        var noRepair = new Option<bool>("--no-repair") { Description = "Plan as 'run --no-repair' would: leave the holes alone." };
        var command = new Command("plan", """
            What 'landfall run' would do now and why, from the manifests alone: the next business date and, per source,
            whether it would be ingested or skipped. With --from/--to or --catch-up, also the work units: one
            (source, date, action, reason) per 'landfall run --source S --date D' the same run would make, for an
            orchestrator to fan out (--json: the 'units' array). Without --date/--from, also the holes a plain run would
            repair first (failed or missing dates behind a source's newest success, at most schedule.max_repairs_per_run).
            Reads the lake only; never connects to a source, never writes.
            """)
        {
            date, from, to, catchUp, sources, noRepair,
        }.With("""
            landfall plan
            landfall plan --date 2026-01-02 --json
            landfall plan --catch-up --json | jq -c '[.units[] | select(.action == "ingest")]'
            landfall plan --from 2026-01-01 --to 2026-01-31 --source orders
            """);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(parse, console);
            var request = new PlanRequest
            {
                Date = CommandOptions.ParseDate(parse, date),
                From = CommandOptions.ParseDate(parse, from),
                To = CommandOptions.ParseDate(parse, to),
                CatchUp = parse.GetValue(catchUp),
                Sources = CommandOptions.Selected(parse, sources),
                RepairHoles = parse.GetValue(noRepair) ? false : null,
            };
            var plan = await session.Host.PlanAsync(request, ct).ConfigureAwait(false);
            var output = session.Console.Out;
            if (session.Json)
            {
                Formats.WriteJson(output, plan);
                return ExitCodes.Ok;
            }
            output.WriteLine(plan.Date is not { } target
                ? $"Nothing to do: {plan.Why}."
                : $"Date {Formats.Date(target)}{(request.Date is not null ? " (as asked)" : $": {plan.Why}")}.");
            output.WriteLine($"Last complete business date: {Formats.Date(plan.LastCompleteDate)}.");
            output.WriteLine();
            var table = new TextTable("SOURCE", "LATEST_SUCCESS", "NEXT", "ACTION", "REASON");
            foreach (var r in plan.Sources)
            {
                table.Add(r.Source, Formats.Date(r.LatestSuccessfulDate), Formats.Date(r.NextDate), r.Action.ToWord(), r.Reason ?? "");
            }
            table.Write(output);
            if (plan.Repairs.Count > 0)
            {
                output.WriteLine();
                output.WriteLine($"Holes to repair first ({plan.Repairs.Count}):");
                var repairs = new TextTable("DATE", "SOURCE", "REASON");
                foreach (var r in plan.Repairs)
                {
                    repairs.Add(Formats.Date(r.Date), r.Source, r.Reason);
                }
                repairs.Write(output);
            }
            if (request.CatchUp || request.From is not null)
            {
                WriteUnits(output, plan.Units);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteUnits(TextWriter output, IReadOnlyList<WorkUnit> units)
    {
        output.WriteLine();
        if (units.Count == 0)
        {
            output.WriteLine("No work units.");
            return;
        }
        var table = new TextTable("DATE", "SOURCE", "ACTION", "REASON");
        foreach (var u in units)
        {
            table.Add(Formats.Date(u.Date), u.Source, u.Action.ToWord(), u.Reason);
        }
        table.Write(output);
        output.WriteLine();
        output.WriteLine($"{units.Count} unit(s): {units.Count(u => u.Action == PlanAction.Ingest)} to ingest, {units.Count(u => u.Action == PlanAction.Skip)} to skip.");
    }
}
