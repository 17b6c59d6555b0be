using Landfall.Testing;

namespace Landfall.IntegrationTests.Tool;

/// <summary>The repository the tests were built from, and copies of its samples.</summary>
internal static class ToolPaths
{
    public static string RepoRoot() => RepoPaths.Root;

    public static void CopyDirectory(string from, string to, string skip)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var dir in Directory.GetDirectories(from).Where(d => Path.GetFileName(d) != skip))
        {
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)), skip);
        }
    }
}
