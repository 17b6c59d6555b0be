using System.Diagnostics;
using System.Text.Json;
using Landfall.Lake;
using Landfall.Lake.Local;
using Landfall.Layout;
using Landfall.Runs;
using Landfall.Testing;

namespace Landfall.Tests.Hardening;

/// <summary>
/// Issue 18: what a partner's drop folder can hold besides plain files: symbolic links (good, dangling, looping), names that are
/// not UTF-8, named pipes, and files in sub-folders of a non-recursive entity. Nothing lands wrong, and each failure names itself.
/// </summary>
public sealed class FilesHardeningTests : IDisposable
{
    private readonly string _lakeRoot = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("landfall-outside-").FullName;
    private readonly TestWorld _world;

    public FilesHardeningTests() =>
        _world = new TestWorld(new LocalFolderLake(_lakeRoot), $"lake:\n  kind: local\n  path: {_lakeRoot}\n", sources: ["alpha"]);

    public void Dispose()
    {
        _world.Dispose();
        Directory.Delete(_lakeRoot, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private string DropFolder(int day) => Path.GetDirectoryName(_world.Drop("alpha", TestWorld.D(day), "part-0.csv"))!;

    private async Task<RunResult> RunAsync(int day) =>
        Assert.Single(await _world.Runner().RunDateAsync(TestWorld.D(day), new RunOptions(), CancellationToken.None));

    [Fact]
    public async Task A_symlinked_file_is_read_through_its_link_with_the_targets_size_and_recorded_as_such()
    {
        var folder = DropFolder(1);
        var target = Path.Combine(_outside, "o2.csv");
        var content = string.Join("\n", Enumerable.Range(0, 100).Select(i => $"{i},row")) + "\n";
        File.WriteAllText(target, content);
        File.CreateSymbolicLink(Path.Combine(folder, "part-2.csv"), target);

        var result = await RunAsync(1);

        Assert.Equal(RunStatus.Success, result.Status);
        var manifest = (await _world.Store().LatestAsync("alpha", TestWorld.D(1), CancellationToken.None))!.TryBind()!;
        var linked = manifest.Outputs["items"].Objects.Single(o => o.SourcePath!.EndsWith("part-2.csv", StringComparison.Ordinal));
        Assert.Equal(content.Length, linked.Bytes);
        Assert.Equal(target, linked.Extra!["link_target"].GetString());
        Assert.Equal(content, System.Text.Encoding.UTF8.GetString(await _world.Lake.ReadSmallAsync(linked.Key, 1 << 20, CancellationToken.None)));
    }

    [Fact]
    public async Task A_dangling_link_fails_with_its_own_error_type()
    {
        var folder = DropFolder(2);
        File.CreateSymbolicLink(Path.Combine(folder, "part-9.csv"), Path.Combine(_outside, "gone.csv"));

        var result = await RunAsync(2);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("file_link_dangling", result.Reason);
        Assert.Contains("part-9.csv", result.Errors[0].Message);
    }

    [Fact]
    public async Task A_directory_link_loop_under_recursive_is_detected_and_nothing_is_duplicated()
    {
        File.WriteAllText(_world.ConfigPath, File.ReadAllText(_world.ConfigPath).Replace("glob: \"*.csv\"", "glob: \"*.csv\"\n        recursive: true",
            StringComparison.Ordinal));
        var folder = DropFolder(3);
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllText(Path.Combine(folder, "sub", "part-1.csv"), "x\n");
        Directory.CreateSymbolicLink(Path.Combine(folder, "sub", "loop"), folder);

        var result = await RunAsync(3);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("directory_link_loop", result.Reason);
        Assert.Equal(0, result.Objects);
    }

    [Fact]
    public async Task A_file_name_that_is_not_utf8_fails_with_a_named_error_naming_the_file()
    {
        var folder = DropFolder(4);
        // Made with a raw byte 0xFF through the shell: .NET cannot create such a name itself.
        using (var mk = Process.Start(new ProcessStartInfo("sh", ["-c", "printf x > \"$1/$(printf 'orders_\\377.csv')\"", "sh", folder]))!)
        {
            await mk.WaitForExitAsync();
            Assert.Equal(0, mk.ExitCode);
        }

        var result = await RunAsync(4);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("file_name_not_utf8", result.Reason);
        Assert.Contains("orders_\\ufffd.csv", result.Errors[0].Message);
        Assert.DoesNotContain(_world.Logs.Events, e => e.Exception is not null);
    }

    [Fact]
    public async Task A_named_pipe_in_a_drop_is_never_opened()
    {
        var folder = DropFolder(5);
        using (var mk = Process.Start("mkfifo", [Path.Combine(folder, "part-pipe.csv")]))
        {
            await mk.WaitForExitAsync();
        }

        var result = await RunAsync(5).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(RunStatus.Success, result.Status);
        Assert.Equal(1, result.Objects);
    }

    [Fact]
    public async Task No_files_yet_says_when_matching_files_sit_in_sub_folders_and_names_recursive()
    {
        var folder = Path.Combine(_world.Folder, "drop", "alpha", ManifestKeys.FormatDate(TestWorld.D(6)), "2026", "x");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "part-1.csv"), "x\n");

        var result = await RunAsync(6);

        Assert.Equal("late", result.Reason);
        Assert.StartsWith("no_files_yet: ", result.Errors[0].Message);
        Assert.Contains("'2026/x/part-1.csv' match in sub-folders", result.Errors[0].Message);
        Assert.Contains("recursive: true", result.Errors[0].Message);
        using var doc = JsonDocument.Parse((await _world.CliAsync("run", "--date", "2026-01-06", "--json")).Out);
        Assert.Contains("recursive: true", doc.RootElement[0].GetProperty("errors")[0].GetProperty("message").GetString());
    }
}
