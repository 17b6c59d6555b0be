using System.CommandLine;
using Landfall.Cli.Output;
using Landfall.Ledger;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall index</c>: write a fresh ledger index per source, so that status, history, report and plan read years in seconds.</summary>
internal static class IndexCommand
{
    public static Command Create(CliConsole console)
    {
        var sources = CommandOptions.Sources("Only this source (repeatable); configured, or with manifests in the lake.");
        var command = new Command("index", """
            Write a ledger index object per source under _index/source=S/: a compacted, immutable copy of its manifests with the
            listing's fingerprint of each (key, size, ETag, LastModified). status, history, report and plan take a manifest from it
            only when the listing shows that very object, and read the rest; run's skip decision never uses it. Nothing is
            overwritten or deleted; a source whose newest index covers every manifest gets no new object.
            """)
        {
            sources,
        }.With("""
            landfall index
            landfall index --source shop --json
            """);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(parse, console);
            var report = await session.Host.IndexAsync(new IndexRequest { Sources = CommandOptions.Selected(parse, sources) }, ct).ConfigureAwait(false);
            var output = session.Console.Out;
            if (session.Json)
            {
                Formats.WriteJson(output, report);
            }
            else
            {
                var table = new TextTable("SOURCE", "STATUS", "MANIFESTS", "COVERED", "REUSED", "READ", "KEY");
                foreach (var r in report.Results)
                {
                    table.Add(r.Source, r.Status.ToWord(), Num(r.Manifests), Num(r.Covered), Num(r.Reused), Num(r.Read), r.Key ?? "");
                }
                table.Write(output);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Num(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
