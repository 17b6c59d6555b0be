// Landfall inside a program of your own (a worker, a function, a job step): the same library API the `landfall` command uses.
// Usage: dotnet run --project samples/embedding [-- path/to/landfall.yaml]   (default: the quickstart's config)
using Landfall;
using Landfall.Config;
using Landfall.Hosting;
using Landfall.Runs;
using Landfall.Status;
using Microsoft.Extensions.Logging;

var configPath = args.Length > 0 ? args[0] : "samples/quickstart/landfall.yaml";

// Your logging: every Landfall event (ingest_skipped, manifest_written, ...) arrives here with run_id, source and ingest_date.
// Logs go to stderr, results to stdout.
using var loggerFactory = LoggerFactory.Create(logging => logging
    .SetMinimumLevel(LogLevel.Information)
    .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace)
    .AddSimpleConsole(options => options.SingleLine = true));

// Ctrl-C cancels the run; Landfall still records a failed manifest for what it had started.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    using var host = LandfallHost.CreateBuilder()
        .UseConfigFile(configPath)
        .UseLoggerFactory(loggerFactory)
        .Build();

    // The five sample days; a date whose latest manifest is a success is skipped before its source is touched.
    var run = await host.RunAsync(new RunRequest { From = new DateOnly(2026, 1, 1), To = new DateOnly(2026, 1, 5) }, cancel.Token);
    foreach (var result in run.Results)
    {
        Console.WriteLine($"{result.IngestDate:yyyy-MM-dd}  {result.Source,-12} {result.Status.ToWord(),-8} {result.Reason}");
    }

    // What a downstream job reads: the last date through which every source is complete, with no gap.
    var status = await host.StatusAsync(new StatusRequest(), cancel.Token);
    Console.WriteLine($"complete through {status.CompleteThrough?.ToString("yyyy-MM-dd") ?? "-"} in {status.Lake}");
    return run.AnyFailed ? 1 : 0;
}
catch (LandfallException e) when (e is ConfigException or InvalidRequestException)
{
    // A config or request problem: nothing was run.
    Console.Error.WriteLine(e.Message);
    return 2;
}
