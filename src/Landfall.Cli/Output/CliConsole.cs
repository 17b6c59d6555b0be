using Microsoft.Extensions.Logging;

namespace Landfall.Cli.Output;

/// <summary>The writers and clock a command uses; tests inject their own.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, TimeProvider Time, ILoggerFactory? LoggerFactory = null)
{
    public static CliConsole System { get; } = new(global::System.Console.Out, global::System.Console.Error, TimeProvider.System)
    {
        IsTerminal = !global::System.Console.IsOutputRedirected && !global::System.Console.IsErrorRedirected &&
            Environment.GetEnvironmentVariable("TERM") != "dumb",
        OutIsTerminal = !global::System.Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb",
    };

    /// <summary>Both stdout and stderr are a terminal a person watches (not a pipe, a file or a test's writer).</summary>
    public bool IsTerminal { get; init; }

    /// <summary>stdout is a terminal: only then may drawn output (borders, colours) go there, whatever --progress says.</summary>
    public bool OutIsTerminal { get; init; }
}
