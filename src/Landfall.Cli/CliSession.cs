using System.CommandLine;
using Landfall.Config;
using Landfall.Lake;
using Landfall.Runs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Landfall.Cli;

/// <summary>What one command invocation works with: the config, the lake, logging and the output writers.</summary>
internal sealed class CliSession : IDisposable
{
    private CliSession(CliConsole console, LandfallConfig config, ILoggerFactory loggerFactory, ILake lake, bool json, TimeProvider time)
    {
        Console = console;
        Config = config;
        LoggerFactory = loggerFactory;
        Lake = lake;
        Json = json;
        Runner = new IngestRunner(config, lake, loggerFactory, time);
    }

    public CliConsole Console { get; }

    public LandfallConfig Config { get; }

    public ILoggerFactory LoggerFactory { get; }

    public ILake Lake { get; }

    public bool Json { get; }

    public IngestRunner Runner { get; }

    /// <summary>Loads the config and opens the lake; config errors surface as <see cref="ConfigException"/>.</summary>
    public static CliSession Open(ParseResult parse, CliConsole console)
    {
        var loggerFactory = CreateLoggerFactory(parse, console);
        try
        {
            var path = parse.GetValue(GlobalOptions.Config) ?? Environment.GetEnvironmentVariable("LANDFALL_CONFIG") ?? "landfall.yaml";
            if (!File.Exists(path))
            {
                throw new ConfigException(path, 0, "",
                    "no config file here; pass --config PATH or set LANDFALL_CONFIG (samples/quickstart/landfall.yaml is an example)");
            }
            var config = ConfigLoader.Load(path);
            ILake lake;
            try
            {
                lake = LakeFactory.Create(config.Lake, loggerFactory.CreateLogger("Landfall.Lake"));
            }
            catch (Exception e) when (e is LandfallException or ArgumentException or UriFormatException or Amazon.Runtime.AmazonClientException)
            {
                // The lake settings parsed but cannot be used (unknown profile, malformed endpoint): still a config error.
                throw new ConfigException(path, 0, "lake", e.Message, e);
            }
            return new CliSession(console, config, loggerFactory, lake, parse.GetValue(GlobalOptions.Json), console.Time);
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

    public void Dispose()
    {
        (Lake as IDisposable)?.Dispose();
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
            builder.SetMinimumLevel(level);
            // AWS SDK and other libraries stay quiet unless asked.
            builder.AddFilter("Amazon", Microsoft.Extensions.Logging.LogLevel.Warning);
            builder.AddConsole(o => o.LogToStandardErrorThreshold = Microsoft.Extensions.Logging.LogLevel.Trace);
            if (json)
            {
                builder.AddJsonConsole(o =>
                {
                    o.IncludeScopes = true;
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
                    o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
                });
            }
            else
            {
                builder.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.IncludeScopes = false;
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "HH:mm:ss ";
                    o.ColorBehavior = LoggerColorBehavior.Disabled;
                });
            }
        });
    }
}

/// <summary>The writers and clock a command uses; tests inject their own.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, TimeProvider Time, ILoggerFactory? LoggerFactory = null)
{
    public static CliConsole System { get; } = new(global::System.Console.Out, global::System.Console.Error, TimeProvider.System)
    {
        IsTerminal = !global::System.Console.IsOutputRedirected && !global::System.Console.IsErrorRedirected &&
            Environment.GetEnvironmentVariable("TERM") != "dumb",
    };

    /// <summary>Both stdout and stderr are a terminal a person watches (not a pipe, a file or a test's writer).</summary>
    public bool IsTerminal { get; init; }
}
