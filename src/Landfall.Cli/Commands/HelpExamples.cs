using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Landfall.Cli.Commands;

/// <summary>Appends each command's examples and its own exit codes after the standard help, so --help teaches by example.</summary>
internal static class HelpExamples
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Command, string> Examples = [];

    public static T With<T>(this T command, string examples) where T : Command
    {
        Examples.AddOrUpdate(command, examples);
        return command;
    }

    public static bool IsHelp(ParseResult parse) => parse.Action is ExamplesHelpAction;

    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExamplesHelpAction((HelpAction)help.Action!);
        // The version of the library that writes the manifests, not of whichever assembly happens to be the entry point.
        root.Options.OfType<VersionOption>().Single().Action = new ManifestVersionAction();
    }

    private sealed class ManifestVersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(LandfallVersion.Current);
            return 0;
        }
    }

    private sealed class ExamplesHelpAction(HelpAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var result = inner.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            if (Examples.TryGetValue(parseResult.CommandResult.Command, out var examples))
            {
                output.WriteLine("Examples:");
                foreach (var line in examples.Split('\n'))
                {
                    output.WriteLine("  " + line.TrimEnd());
                }
                output.WriteLine();
            }
            var command = parseResult.CommandResult.Command;
            output.WriteLine(ExitCodes.For(command is RootCommand ? "landfall" : command.Name));
            return result;
        }
    }
}
