namespace Landfall.Sources.Readiness;

/// <summary>One listing of an entity's folder or prefix: its data files, the done markers present, and when it was taken.</summary>
/// <param name="FolderExists">Whether the folder (or prefix) exists at all.</param>
/// <param name="Files">Data files matching the glob (markers excluded), ordered by relative path.</param>
/// <param name="Markers">Full paths of the done markers present.</param>
/// <param name="TakenAt">When the listing was taken, by the run's clock.</param>
internal sealed record FileSnapshot(bool FolderExists, IReadOnlyList<ListedFile> Files, IReadOnlySet<string> Markers, DateTimeOffset TakenAt)
{
    /// <summary>Without recursive: a few relative paths of matching files in sub-folders, which are not taken (for messages).</summary>
    public IReadOnlyList<string> MatchingInSubfolders { get; init; } = [];
}
