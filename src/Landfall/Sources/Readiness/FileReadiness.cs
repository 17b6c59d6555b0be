using System.Text.Json;
using Landfall.Layout;
using Landfall.Manifests;

namespace Landfall.Sources.Readiness;

/// <summary>Whether a file-like entity's files for a date are there and settled, by the rules of <see cref="ReadinessSettings"/>.</summary>
internal static class FileReadiness
{
    /// <summary>
    /// Lists the entity (twice, <see cref="ReadinessSettings.SettleInterval"/> apart, when that is not zero) and returns the listing
    /// to ingest: empty only for an entity that allows empty dates. Throws <see cref="SourceNotReadyException"/> when nothing matches
    /// yet or a file is not settled; the settle evidence goes into <paramref name="extra"/> either way (the manifest records it).
    /// </summary>
    public static async Task<FileSnapshot> SettledAsync(
        FileEntity entity, DateOnly date, ReadinessSettings settings, Func<CancellationToken, Task<FileSnapshot>> list, string what,
        string where, Dictionary<string, JsonElement> extra, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(list);
        var first = await list(cancellationToken).ConfigureAwait(false);
        if (first.Files.Count == 0)
        {
            if (!first.FolderExists)
            {
                extra["directory_exists"] = ManifestFormat.Fact(false);
            }
            if (entity.AllowEmpty)
            {
                return first;
            }
            var below = first.MatchingInSubfolders.Count == 0 ? ""
                : $" ({string.Join(", ", first.MatchingInSubfolders.Select(p => $"'{p}'"))} match in sub-folders, which are only taken " +
                  "with recursive: true on the entity)";
            var missing = first.FolderExists ? "" : " (the folder does not exist)";
            throw new SourceNotReadyException("no_files_yet",
                $"No {what} matching '{entity.Glob.Pattern}' {where} for {ManifestKeys.FormatDate(date)} yet{missing}{below}. If this " +
                $"date legitimately has no {what}s, set allow_empty: true on the entity.")
            {
                Evidence = new Dictionary<string, JsonElement>(extra),
            };
        }
        var second = first;
        if (settings.SettleInterval > TimeSpan.Zero)
        {
            await Task.Delay(settings.SettleInterval, time, cancellationToken).ConfigureAwait(false);
            second = await list(cancellationToken).ConfigureAwait(false);
        }
        var settle = SettleCheck.Evaluate(first, second, settings);
        extra["settle"] = settle.Evidence;
        if (!settle.Settled)
        {
            var problem = string.Join("; ", settle.Problems.Take(5)) + (settle.Problems.Count > 5 ? $"; and {settle.Problems.Count - 5} more" : "");
            throw new SourceNotReadyException("file_not_settled",
                $"{settle.Problems.Count} {what}(s) {where} are not settled (still being written?): {problem}. Nothing was ingested.")
            {
                Evidence = new Dictionary<string, JsonElement>(extra),
            };
        }
        return second;
    }
}
