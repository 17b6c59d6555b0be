using System.CommandLine;
using Landfall.Cli.Output;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall init</c>: a commented starter landfall.yaml.</summary>
internal static class InitCommand
{
    public static Command Create(CliConsole console)
    {
        var kind = new Option<string>("--source-kind", "-k")
        {
            Description = $"The kind of the example source: {string.Join(", ", StarterConfigs.Kinds)}.",
            DefaultValueFactory = _ => "files",
            HelpName = "KIND",
        };
        kind.AcceptOnlyFromAmong([.. StarterConfigs.Kinds]);
        var output = new Option<string>("--out", "-o")
        {
            Description = "The file to write; never overwritten.",
            DefaultValueFactory = _ => "landfall.yaml",
            HelpName = "PATH",
        };
        var command = new Command("init", """
            Write a commented starter landfall.yaml: a local-folder lake, a schedule, and one example source of the kind you
            choose, with every key explained. An existing file is never overwritten.
            """)
        {
            kind, output,
        }.With("""
            landfall init
            landfall init --source-kind sftp --out partner.yaml
            """);
        command.SetAction((parse, _) =>
        {
            var path = Path.GetFullPath(parse.GetValue(output)!);
            var sourceKind = parse.GetValue(kind)!;
            try
            {
                // CreateNew: an existing file (or one created meanwhile) is never overwritten.
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                using var writer = new StreamWriter(file);
                writer.Write(StarterConfigs.For(sourceKind));
            }
            catch (IOException) when (File.Exists(path) || Directory.Exists(path))
            {
                throw new UsageException($"'{path}' exists already; init never overwrites. Choose another --out.");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write '{path}': {e.Message}");
            }
            console.Out.WriteLine(Printable.Escape($"Wrote {path} (a {sourceKind} source). Edit it, then: landfall validate, landfall check, " +
                "landfall plan."));
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
