using System.Text.RegularExpressions;

namespace Landfall.Sources.Readiness;

/// <summary>
/// A done-marker pattern: with <c>{name}</c> (for example <c>{name}.done</c>) each data file needs its own marker beside it;
/// without (for example <c>_SUCCESS</c>) each folder holding data files needs one. Marker files are never data.
/// </summary>
internal sealed class DoneMarker
{
    private readonly Regex _matcher;

    public DoneMarker(string pattern)
    {
        Pattern = pattern;
        PerFile = pattern.Contains("{name}", StringComparison.Ordinal);
        var parts = pattern.Split("{name}").Select(Regex.Escape);
        _matcher = new Regex("^" + string.Join(".+", parts) + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    public string Pattern { get; }

    public bool PerFile { get; }

    public bool IsMarker(string fileName) => _matcher.IsMatch(fileName);

    /// <summary>The full path of the marker <paramref name="file"/> needs.</summary>
    public string MarkerFor(ListedFile file) =>
        file.Folder + "/" + (PerFile ? Pattern.Replace("{name}", file.Name, StringComparison.Ordinal) : Pattern);
}
