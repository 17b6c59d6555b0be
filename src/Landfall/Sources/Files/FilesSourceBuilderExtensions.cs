using Landfall.Sources.Files;

// In the builder's namespace, as registration extensions are in .NET (see LocalLakeBuilderExtensions).
namespace Landfall.Hosting;

/// <summary>Registers the <c>files</c> source kind.</summary>
public static class FilesSourceBuilderExtensions
{
    /// <summary>Lets a config name <c>kind: files</c> sources: a folder on this machine or a mount.</summary>
    public static LandfallHostBuilder AddFilesSource(this LandfallHostBuilder builder) =>
        (builder ?? throw new ArgumentNullException(nameof(builder))).AddSourceKind(new FilesSourceKind());
}
