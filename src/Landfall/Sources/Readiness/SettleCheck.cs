using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Landfall.Config;
using Landfall.Manifests;

namespace Landfall.Sources.Readiness;

/// <summary>
/// Decides whether a drop is settled from two listings taken <see cref="ReadinessSettings.SettleInterval"/> apart (or one
/// listing twice when the interval is zero): every file has the same size and modification time in both, is older than
/// <see cref="ReadinessSettings.MinAge"/> (when set) and has its done marker (when one is configured); no file appeared or
/// vanished in between. Builds the evidence recorded in the manifest. The same rules for files, sftp and s3.
/// </summary>
internal sealed class SettleCheck
{
    private SettleCheck(List<string> problems, JsonElement evidence)
    {
        Problems = problems;
        Evidence = evidence;
    }

    /// <summary>One line per unsettled file, empty when the drop is settled.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Both observations of every file, the listing times and the rules applied.</summary>
    public JsonElement Evidence { get; }

    public bool Settled => Problems.Count == 0;

    public static SettleCheck Evaluate(FileSnapshot first, FileSnapshot second, ReadinessSettings settings)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(settings);
        var marker = settings.DoneMarker;
        var problems = new List<string>();
        var files = new JsonArray();
        var before = first.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var after = second.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (var path in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            before.TryGetValue(path, out var a);
            after.TryGetValue(path, out var b);
            string? problem = null;
            if (a is null)
            {
                problem = "appeared after the first listing";
            }
            else if (b is null)
            {
                problem = "vanished after the first listing";
            }
            else if (!a.Unchanged(b))
            {
                problem = $"changed between listings: {a.Size} bytes modified {Stamp(a.ModifiedAt)}, then {b.Size} bytes modified {Stamp(b.ModifiedAt)}";
            }
            else if (settings.MinAge is { } minAge && second.TakenAt - b.ModifiedAt < minAge)
            {
                problem = $"modified {Stamp(b.ModifiedAt)}, younger than min_age {ConfigDuration.Format(minAge)}";
            }
            else if (marker is not null && !second.Markers.Contains(marker.MarkerFor(b)))
            {
                problem = $"its done marker '{marker.MarkerFor(b)}' does not exist yet";
            }
            if (problem is not null)
            {
                problems.Add($"'{path}' {problem}");
            }
            files.Add((JsonNode)new JsonObject
            {
                ["path"] = path,
                ["first"] = Observation(a),
                ["second"] = Observation(b),
                ["marker"] = marker is not null && b is not null ? marker.MarkerFor(b) : null,
                ["settled"] = problem is null,
                ["problem"] = problem,
            });
        }
        var evidence = new JsonObject
        {
            ["first_listing_at"] = Stamp(first.TakenAt),
            ["second_listing_at"] = Stamp(second.TakenAt),
            ["settle_interval_ms"] = (long)settings.SettleInterval.TotalMilliseconds,
            ["min_age_ms"] = settings.MinAge is { } m ? (long)m.TotalMilliseconds : null,
            ["done_marker"] = marker?.Pattern,
            ["files"] = files,
        };
        return new SettleCheck(problems, ManifestFormat.Fact(evidence));
    }

    private static JsonObject? Observation(ListedFile? f) => f is null ? null : new JsonObject
    {
        ["size"] = f.Size,
        ["modified_at"] = Stamp(f.ModifiedAt),
    };

    internal static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
