using System.CommandLine;
using Landfall.Checks;
using Landfall.Cli.Output;

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
            landfall check --source clickstream --json
            """);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(parse, console);
            var results = await session.Host.CheckAsync(new CheckRequest { Sources = CommandOptions.Selected(parse, sources) }, ct)
                .ConfigureAwait(false);
            var output = session.Console.Out;
            if (session.Json)
            {
                Formats.WriteJson(output, results);
            }
            else
            {
                var table = new TextTable("SOURCE", "SUBJECT", "STATUS", "DETAIL");
                foreach (var r in results)
                {
                    table.Add(r.Source, r.Subject, r.Status.ToWord(), r.Detail);
                }
                table.Write(output);
            }
            return results.Any(r => r.Status == Sources.CheckStatus.Error) ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }
}
