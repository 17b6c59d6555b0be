using System.CommandLine;

namespace Landfall.Cli.Commands;

/// <summary>Options every command takes.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Config = new("--config", "-c")
    {
        Description = "Path to landfall.yaml (default: $LANDFALL_CONFIG, else ./landfall.yaml). Relative paths inside it resolve against its folder.",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write the result as JSON on stdout (for scripts and schedulers); logs stay on stderr.",
        Recursive = true,
    };

    public static readonly Option<string> LogFormat = new("--log-format")
    {
        Description = "Log format on stderr: text, or json (one JSON object per line).",
        DefaultValueFactory = _ => "text",
        Recursive = true,
    };

    public static readonly Option<string?> LogLevel = new("--log-level")
    {
        Description = "Minimum log level on stderr (default: warning for text, information for json).",
        Recursive = true,
    };

    static GlobalOptions()
    {
        LogFormat.AcceptOnlyFromAmong("text", "json");
        LogLevel.AcceptOnlyFromAmong("debug", "information", "warning", "error", "none");
    }

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Config);
        root.Options.Add(Json);
        root.Options.Add(LogFormat);
        root.Options.Add(LogLevel);
    }
}
