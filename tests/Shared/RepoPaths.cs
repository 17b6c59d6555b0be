namespace Landfall.Testing;

/// <summary>The repository the tests were built from: the folder holding Landfall.slnx above the test binaries.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string Docs(params string[] parts) => Path.Combine([Root, "docs", .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Landfall.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Landfall.slnx not found above {AppContext.BaseDirectory}");
    }
}
