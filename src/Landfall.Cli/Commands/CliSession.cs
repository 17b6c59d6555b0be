using System.CommandLine;
using Landfall.Cli.Output;
using Landfall.Config;
using Landfall.Hosting;
using Microsoft.Extensions.Logging;

namespace Landfall.Cli.Commands;

/// <summary>What one command invocation works with: the host over the config and its lake, logging and the output writers.</summary>
internal sealed record CliSession(CliConsole Console, LandfallHost Host, ILoggerFactory LoggerFactory, bool Json) : IDisposable
{
    /// <summary>The OTLP export of this command's spans and metrics, when configured (telemetry.otlp_endpoint, OTEL_* variables).</summary>
    public Telemetry.OtlpExport? Otlp { get; private init; }

    /// <summary>Loads the config and opens the lake; config errors surface as <see cref="ConfigException"/>.</summary>
    public static CliSession Open(ParseResult parse, CliConsole console)
    {
        var loggerFactory = CreateLoggerFactory(parse, console);
        try
        {
            var host = Builder(parse)
                .UseLoggerFactory(loggerFactory)
                .UseTimeProvider(console.Time)
                .Build();
            // JSON logs carry config_warning events; text logs leave them to these lines, which no --log-level hides.
            if (parse.GetValue(GlobalOptions.LogFormat) != "json")
            {
                foreach (var warning in host.Config.Warnings)
                {
                    console.Error.WriteLine($"landfall: warning: {warning.Message}");
                }
            }
            return new CliSession(console, host, loggerFactory, parse.GetValue(GlobalOptions.Json))
            {
                Otlp = Telemetry.OtlpExport.Start(host.Config.Telemetry, loggerFactory.CreateLogger("Landfall.Telemetry")),
            };
        }
        catch
        {
            if (console.LoggerFactory is null)
            {
                loggerFactory.Dispose();
            }
            throw;
        }
    }

    /// <summary>A host builder over the config the command line names (--config, else $LANDFALL_CONFIG, else ./landfall.yaml).</summary>
    public static LandfallHostBuilder Builder(ParseResult parse)
    {
        var path = parse.GetValue(GlobalOptions.Config) ?? Environment.GetEnvironmentVariable("LANDFALL_CONFIG") ?? "landfall.yaml";
        if (!File.Exists(path))
        {
            throw new ConfigException(path, 0, "", Directory.Exists(path)
                ? "is a folder; pass the path of the config file (--config path/to/landfall.yaml)"
                : "no config file here; pass --config PATH or set LANDFALL_CONFIG (samples/quickstart/landfall.yaml is an example, " +
                  "landfall init writes a starter file)");
        }
        return LandfallHost.CreateBuilder().UseConfigFile(path);
    }

    public void Dispose()
    {
        Host.Dispose();
        Otlp?.Dispose();
        // Flushes the console logger's queue; an injected factory belongs to the caller.
        if (Console.LoggerFactory is null)
        {
            LoggerFactory.Dispose();
        }
    }

    private static ILoggerFactory CreateLoggerFactory(ParseResult parse, CliConsole console)
    {
        if (console.LoggerFactory is { } injected)
        {
            return injected;
        }
        var json = parse.GetValue(GlobalOptions.LogFormat) == "json";
        var level = parse.GetValue(GlobalOptions.LogLevel) switch
        {
            null => json ? Microsoft.Extensions.Logging.LogLevel.Information : Microsoft.Extensions.Logging.LogLevel.Warning,
            var name => Enum.Parse<Microsoft.Extensions.Logging.LogLevel>(name, ignoreCase: true),
        };
        return Microsoft.Extensions.Logging.LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(level).AddProvider(new CliLoggerProvider(console.Error, level, json, console.Time));
            if (!json)
            {
                // Printed as 'landfall: warning: ...' lines instead (Open), which no --log-level hides.
                builder.AddFilter(LandfallHostBuilder.ConfigLogCategory, Microsoft.Extensions.Logging.LogLevel.None);
            }
        });
    }
}
