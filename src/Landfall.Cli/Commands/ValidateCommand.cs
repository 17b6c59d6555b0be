using System.CommandLine;
using Landfall.Cli.Output;

namespace Landfall.Cli.Commands;

/// <summary><c>landfall validate</c>: every config error and warning, without touching the lake or any source.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("validate", """
            Read and check the config as every command does, without touching the lake or any source: types, ranges, date
            templates, globs, credentials that go together, ${ENV} variables, lake settings that cannot be used; and the
            warnings (a folder without a date token, an old setting). Run it in CI before a config change ships; 'landfall check'
            then connects to the sources.
            """).With("""
            landfall validate
            landfall validate --config prod/landfall.yaml --json
            """);
        command.SetAction((parse, _) =>
        {
            var config = CliSession.Builder(parse).Validate();
            var output = console.Out;
            var sources = config.Sources.Select(s => new ValidatedSource(s.Name, s.Kind, s.StartDate, s.Entities)).ToList();
            var warnings = config.Warnings.Select(w => w.ToString()).ToList();
            if (parse.GetValue(GlobalOptions.Json))
            {
                Formats.WriteJson(output, new ValidateOutput(config.FilePath, true, config.Env, config.Lake.Description, sources, warnings));
                return Task.FromResult(ExitCodes.Ok);
            }
            output.WriteLine(Printable.Escape($"{config.FilePath} is valid: env {config.Env}, lake {config.Lake.Description}, " +
                $"{sources.Count} source(s): {string.Join(", ", sources.Select(s => $"{s.Name} ({s.Kind}, {s.Entities.Count} {(s.Entities.Count == 1 ? "entity" : "entities")})"))}."));
            foreach (var warning in warnings)
            {
                output.WriteLine(Printable.Escape($"warning: {warning}"));
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
