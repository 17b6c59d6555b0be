using Landfall.Config;
using Landfall.FileFormats;
using Landfall.Layout;

namespace Landfall.Sources;

/// <summary>An entity made of files or objects picked by name: the glob, whether sub-folders count, and whether a date may be empty.</summary>
internal abstract class FileEntity : SourceEntity
{
    /// <summary>The entity keys every file-like kind takes, besides where the files are.</summary>
    public static IReadOnlyList<string> SelectionKeys { get; } = ["glob", "recursive", "allow_empty", FileFormat.Key];

    /// <summary>File-name glob; default <c>*</c>.</summary>
    public required Glob Glob { get; init; }

    /// <summary>Whether files in sub-folders are taken too (default false).</summary>
    public bool Recursive { get; init; }

    /// <summary>Whether a date with no matching file is a success with zero files (default false: fails with no_files_yet).</summary>
    public bool AllowEmpty { get; init; }

    /// <summary>What the files are (<c>format:</c>, default raw): their schema is read as they stream.</summary>
    public FileFormat Format { get; init; } = FileFormat.Raw;

    /// <summary>Reads the <see cref="SelectionKeys"/> of an entity node.</summary>
    protected static (Glob Glob, bool Recursive, bool AllowEmpty, FileFormat Format) ParseSelection(ConfigNode node) =>
        (node.GlobOrAll("glob"), node.Bool("recursive", false), node.Bool("allow_empty", false), FileFormat.Parse(node.Child(FileFormat.Key)));

    /// <summary>
    /// For an observation: why a re-ingest started now would fail when the source shows <paramref name="count"/> matching items (none,
    /// without allow_empty: the run would fail with no_files_yet and leave the date failed over its earlier success); null when it would not.
    /// </summary>
    public string? NotReadyWhenEmpty(int count, string what, string where) => count > 0 || AllowEmpty ? null
        : $"no_files_yet: no {what} matching '{Glob.Pattern}' {where} now; a re-ingest would fail (allow_empty is false), so the date keeps " +
          "its earlier success and data";

    /// <summary>What <c>check</c> says of <paramref name="count"/> matching items on <paramref name="date"/>.</summary>
    public CheckFinding Found(DateOnly date, int count, string what, string where, string? detail = null)
    {
        var day = ManifestKeys.FormatDate(date);
        return count > 0
            ? CheckFinding.Ok(Name, $"{day}: {detail ?? $"{count} {what}(s) matching '{Glob.Pattern}' {where}"}")
            : AllowEmpty
                ? CheckFinding.Ok(Name, $"{day}: no {what} {where} (allowed: allow_empty)")
                : CheckFinding.Warning(Name, $"{day}: no {what} matching '{Glob.Pattern}' {where} yet");
    }
}
