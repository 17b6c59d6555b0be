using System.CommandLine;
using System.Runtime.InteropServices;
using Landfall.Cli.Commands;
using Landfall.Cli.Output;
using Landfall.Config;

namespace Landfall.Cli;

/// <summary>The landfall command line: parses, runs one command, maps the outcome to an exit code.</summary>
internal static class CliApp
{
    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand("""
            Landfall: manifest-governed, idempotent batch ingestion into a lake.

            Each run ingests one business date per source and ends by writing one JSON manifest under
            _manifests/source=S/ingest_date=D/run_id=R.json, the audit record and the control signal at once. A date
            whose latest manifest says success is skipped; the next date is the minimum over sources of their latest
            successful date plus one day. Docs: docs/manifest.md, docs/configuration.md, docs/cli.md.
            """).With("""
            landfall run                             ingest the next business date of every source
            landfall run --catch-up                  date after date up to the last complete date
            landfall run --date 2026-01-02 --force   re-ingest one date; the old manifest stays
            landfall status --json                   where every source stands (complete_through for dbt)
            landfall history --source shop          every manifest of a source, newest first
            landfall plan                            what run would do now, and why
            landfall reconcile --apply               re-ingest what changed at the sources after dates succeeded
            landfall report --out audit.html         the audit calendar: one HTML file, from the manifests alone
            landfall init && landfall validate       a commented starter config, checked without touching anything
            """);
        GlobalOptions.AddTo(root);
        Func<CliConsole, Command>[] commands =
        [
            RunCommand.Create, StatusCommand.Create, HistoryCommand.Create, PlanCommand.Create, CheckCommand.Create, VerifyCommand.Create,
            ReconcileCommand.Create, ReportCommand.Create, CurrentCommand.Create, ExportCommand.Create, IndexCommand.Create, SchemaCommand.Create,
            ValidateCommand.Create, InitCommand.Create,
        ];
        foreach (var create in commands)
        {
            root.Subcommands.Add(create(console));
        }
        HelpExamples.Install(root);
        return root;
    }

    public static async Task<int> InvokeAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var root = Build(console);
        var parse = root.Parse(args);
        // Read from the tokens: GetValue throws when the command line has errors, which are exactly what may need reporting.
        var jsonLogs = parse.GetResult(GlobalOptions.LogFormat)?.Tokens.Any(t => t.Value == "json") == true;
        // --help must work even when a required option is missing.
        if (parse.Errors.Count > 0 && !HelpExamples.IsHelp(parse))
        {
            var lines = parse.Errors.Select(e => e.Message).ToList();
            if (Suggestions.NearestCommand(root, parse) is { } nearest)
            {
                // The typo is the whole story; "no command given" is the same mistake told twice.
                lines = [$"'{parse.Tokens[0].Value}' is not a landfall command. Did you mean 'landfall {nearest}'?"];
            }
            await ReportAsync(console, jsonLogs, "usage_error", lines, [],
                "Run 'landfall --help' or 'landfall COMMAND --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            // Landfall handles SIGINT/SIGTERM itself, to record the failed manifest and pick the exit code.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigException e)
        {
            await ReportAsync(console, jsonLogs, "config_error", [$"config error: {e.Message}"],
                [new("file", e.File), new("line", e.Line), new("path", e.Path), new("problem", e.Problem)]).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is UsageException or InvalidRequestException)
        {
            var message = e is InvalidRequestException invalid ? RequestOptions.Message(invalid) : e.Message;
            await ReportAsync(console, jsonLogs, "usage_error", [message], []).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReportAsync(console, jsonLogs, "interrupted", ["interrupted."], []).ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (LandfallException e)
        {
            await ReportAsync(console, jsonLogs, e.ErrorType, [$"error: {e.Message}"], []).ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    /// <summary>An error before or around a command: <c>landfall: ...</c> lines, or JSON lines with --log-format json.</summary>
    private static async Task ReportAsync(CliConsole console, bool json, string eventName, IReadOnlyList<string> lines,
        KeyValuePair<string, object?>[] fields, string? hint = null)
    {
        foreach (var line in lines)
        {
            await console.Error.WriteLineAsync(json
                ? CliLoggerProvider.JsonLine(console.Time.GetUtcNow(), "error", eventName, line, fields)
                : $"landfall: {Printable.Escape(line)}").ConfigureAwait(false);
        }
        if (hint is not null && !json)
        {
            await console.Error.WriteLineAsync(hint).ConfigureAwait(false);
        }
    }

    /// <summary>The process entry: wires SIGINT/SIGTERM to cancellation and the exit code to the signal.</summary>
    public static async Task<int> MainAsync(string[] args)
    {
        using var cts = new CancellationTokenSource();
        var signalExit = 0;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            Interlocked.CompareExchange(ref signalExit, context.Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted, 0);
            cts.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        var code = await InvokeAsync(args, CliConsole.System, cts.Token).ConfigureAwait(false);
        return signalExit != 0 ? signalExit : code;
    }
}
