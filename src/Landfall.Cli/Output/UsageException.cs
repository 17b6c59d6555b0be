namespace Landfall.Cli.Output;

/// <summary>A command line that parses but makes no sense (conflicting options, bad date).</summary>
internal sealed class UsageException(string message) : Exception(message);
