using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Landfall.Cli;
using Landfall.Cli.Output;
using Landfall.Testing;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Landfall.Tests.Deploy;

/// <summary>
/// The examples in deploy/ and the code blocks of docs/deploy.md: every YAML file loads, every Python file compiles, every
/// shell script parses, and every landfall command they run exists with the options they use (parsed by the real command
/// tree, <see cref="CliApp.Build"/>). Commands are found in the text (shell lines, comments, docstrings: <c>landfall run ...</c>,
/// and <c>landfall:TAG run ...</c> for the image),
/// in the argument lists of YAML containers whose image is landfall, and in the Python code (list literals, calls).
/// </summary>
public sealed partial class DeployExamplesTests(ITestOutputHelper output)
{
    private static readonly string Deploy = Path.Combine(RepoPaths.Root, "deploy");

    public static TheoryData<string> Examples() => new(Files());

    private static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Deploy, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Deploy, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void Deploy_holds_the_recipes_the_docs_promise()
    {
        string[] expected =
        [
            "Dockerfile", "airflow/landfall_dag.py", "argo/landfall-workflowtemplate.yaml", "dagster/landfall_assets.py",
            "kubernetes/backfill-job.yaml", "kubernetes/backfill.sh", "kubernetes/cronjob.yaml",
            "slurm/backfill.sh", "slurm/daily.sbatch", "slurm/sweep.sbatch", "slurm/unit.sbatch",
        ];
        Assert.Equal(expected, Files());
        var doc = File.ReadAllText(RepoPaths.Docs("deploy.md"));
        Assert.All(expected, file => Assert.Contains($"deploy/{file}", doc));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Every_example_is_well_formed_and_every_landfall_command_in_it_parses(string file)
    {
        var path = Path.Combine(Deploy, file);
        var text = await File.ReadAllTextAsync(path);
        var commands = new List<string[]>(CommandsInText(text));
        switch (Path.GetExtension(file))
        {
            case ".yaml":
                var yaml = new YamlStream();
                yaml.Load(new StringReader(text));
                Assert.NotEmpty(yaml.Documents);
                foreach (var document in yaml.Documents)
                {
                    var root = Assert.IsType<YamlMappingNode>(document.RootNode);
                    Assert.True(root.Children.ContainsKey(new YamlScalarNode("apiVersion")) && root.Children.ContainsKey(new YamlScalarNode("kind")),
                        $"{file}: a document without apiVersion and kind");
                    commands.AddRange(ContainerCommands(root));
                }
                break;
            case ".py":
                await RunAsync("python3", "-m", "py_compile", path);
                commands.AddRange(JsonSerializer.Deserialize<string[][]>(await RunAsync("python3", LandfallCommandsScript, path))!);
                break;
            case ".sh" or ".sbatch":
                await RunAsync("sh", "-n", path);
                break;
            default:
                Assert.Equal("Dockerfile", file);
                break;
        }

        Assert.True(commands.Count > 0, $"{file} runs no landfall command that the test can see");
        foreach (var argv in commands)
        {
            AssertParses(file, argv);
        }
    }

    [Fact]
    public async Task Every_landfall_command_in_the_code_blocks_of_docs_deploy_md_parses()
    {
        var doc = await File.ReadAllTextAsync(RepoPaths.Docs("deploy.md"));
        var blocks = CodeBlock().Matches(doc).Select(m => m.Groups[1].Value).ToList();
        var commands = blocks.SelectMany(CommandsInText).ToList();
        Assert.True(commands.Count >= 5, $"only {commands.Count} landfall commands in docs/deploy.md's code blocks");
        foreach (var argv in commands)
        {
            AssertParses("docs/deploy.md", argv);
        }
    }

    [Fact]
    public void The_image_ships_the_native_build_with_its_parquet_library_as_a_non_root_user_with_ca_certificates()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(Deploy, "Dockerfile")).Where(l => !l.TrimStart().StartsWith('#')).ToList();
        Assert.Matches(@"^FROM debian:[a-z]+-slim$", dockerfile.First(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
        Assert.Contains(dockerfile, l => l.Contains("ca-certificates", StringComparison.Ordinal));
        // The executable and ParquetSharpNative.so land in the same folder, the one on PATH.
        Assert.Contains(dockerfile, l => Regex.IsMatch(l, @"^COPY .*\blandfall ParquetSharpNative\.so /opt/landfall/$"));
        Assert.Contains(dockerfile, l => l.Contains("PATH=/opt/landfall:", StringComparison.Ordinal));
        var user = dockerfile.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.Matches(@"^USER [1-9][0-9]{3,}:[1-9][0-9]{3,}$", user);
        Assert.Contains(@"ENTRYPOINT [""landfall""]", dockerfile);
    }

    private static string LandfallCommandsScript => Path.Combine(RepoPaths.Root, "tests", "Landfall.Tests", "Deploy", "landfall_commands.py");

    /// <summary>The command and its options, after filling placeholders (<c>$date</c>, <c>{{item.date}}</c>, <c>{unit['date']}</c>).</summary>
    private void AssertParses(string file, string[] raw)
    {
        var argv = Fill(raw);
        output.WriteLine($"{file}: landfall {string.Join(' ', raw)}");
        var parse = CliApp.Build(new CliConsole(TextWriter.Null, TextWriter.Null, TimeProvider.System)).Parse(argv);
        Assert.True(parse.Errors.Count == 0,
            $"{file}: 'landfall {string.Join(' ', raw)}': {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        Assert.True(argv.Length > 0 && parse.CommandResult.Command.Name == argv[0], $"{file}: 'landfall {string.Join(' ', raw)}' is no command");
    }

    private static string[] Fill(string[] argv)
    {
        var filled = new List<string>();
        for (var i = 0; i < argv.Length; i++)
        {
            var token = argv[i];
            if (token is "$@" or "$*")
            {
                continue; // options passed through from the script's own command line
            }
            if (token.Contains('$', StringComparison.Ordinal) || token.Contains('{', StringComparison.Ordinal))
            {
                token = (i > 0 ? argv[i - 1] : "") switch
                {
                    "--date" or "--from" or "--to" => "2026-01-02",
                    "--source" or "-s" => "shop",
                    "--out" => "audit.html",
                    "--config" or "-c" => "landfall.yaml",
                    _ => token,
                };
            }
            filled.Add(token);
        }
        return [.. filled];
    }

    /// <summary>
    /// Every <c>landfall COMMAND ...</c> in free text, each up to the end of its line, a closing backtick, a shell operator or a
    /// comment, split as a shell does (quotes removed).
    /// </summary>
    private static IEnumerable<string[]> CommandsInText(string text)
    {
        text = text.Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (Match m in Invocation().Matches(text))
        {
            var line = m.Groups["rest"].Value;
            if (m.Index > 0 && text[m.Index - 1] == '`' && line.IndexOf('`', StringComparison.Ordinal) is var tick and >= 0)
            {
                line = line[..tick];
            }
            yield return ShellWords(line).ToArray();
        }
    }

    private static IEnumerable<string> ShellWords(string line)
    {
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
                continue;
            }
            if (c is '"' or '\'')
            {
                (quote, inWord) = (c, true);
                continue;
            }
            if (char.IsWhiteSpace(c) || c is '|' or ';' or '&' or '>' or '<' or ')' or '#')
            {
                if (inWord)
                {
                    yield return word.ToString();
                    (word, inWord) = (new StringBuilder(), false);
                }
                if (!char.IsWhiteSpace(c))
                {
                    yield break;
                }
                continue;
            }
            inWord = true;
            word.Append(c);
        }
        if (inWord)
        {
            yield return word.ToString();
        }
    }

    /// <summary>The argument lists of containers whose image is landfall and whose entrypoint is landfall (no shell).</summary>
    private static IEnumerable<string[]> ContainerCommands(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                if (map.Children.TryGetValue(new YamlScalarNode("image"), out var image) && image.ToString().Contains("landfall", StringComparison.Ordinal))
                {
                    var command = Strings(map, "command");
                    if (command is null || command is ["landfall"])
                    {
                        yield return Strings(map, "args") ?? throw new InvalidOperationException($"a landfall container without args at line {map.Start.Line}");
                    }
                }
                foreach (var child in map.Children.Values)
                {
                    foreach (var found in ContainerCommands(child))
                    {
                        yield return found;
                    }
                }
                break;
            case YamlSequenceNode seq:
                foreach (var found in seq.Children.SelectMany(ContainerCommands))
                {
                    yield return found;
                }
                break;
        }
    }

    private static string[]? Strings(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlSequenceNode seq
            ? seq.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToArray()
            : null;

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        // py_compile writes its cache beside the file otherwise: keep the repository clean.
        info.Environment["PYTHONPYCACHEPREFIX"] = Path.Combine(Path.GetTempPath(), "landfall-pycache");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: exit {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    /// <summary><c>landfall COMMAND ...</c>, or an image of it (<c>landfall:0.1.0 COMMAND ...</c>), to the end of the line.</summary>
    [GeneratedRegex(@"(?<![\w/.-])landfall(?::[\w.-]+)?[ \t]+(?<rest>(?:run|plan|status|history|check|verify|report)\b[^\n]*)")]
    private static partial Regex Invocation();

    [GeneratedRegex(@"```[a-z]*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
