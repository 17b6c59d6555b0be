using System.Text.Json;
using Landfall.Layout;
using Landfall.Manifests;

namespace Landfall.Status;

/// <summary>
/// What status shows of contracts: dates that failed them (an error alert: the date is retried but fails again until the change is
/// accepted) and successes with warnings (a warning alert for those of the last <see cref="RecentDays"/> days; status --json lists all).
/// </summary>
internal static class ContractMarks
{
    /// <summary>How far back before the last complete date a warned date still raises a warning alert.</summary>
    public const int RecentDays = 7;

    private static readonly string[] ContractErrors = ["schema_changed", "expectation_failed"];

    /// <summary>Whether the date's latest manifest failed an entity's contract.</summary>
    public static bool Failed(ManifestRead latest) =>
        latest is { IsSuccess: false, Status: ManifestStatus.Failed } && latest.Errors.Any(e => ContractErrors.Contains(e.Type));

    /// <summary>Whether the date's latest manifest is a success with warnings.</summary>
    public static bool Warned(ManifestRead latest) =>
        latest.IsSuccess && latest.Root is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("warnings", out var w)
        && w.ValueKind == JsonValueKind.Array && w.GetArrayLength() > 0;

    public static IEnumerable<StatusAlert> Alerts(IEnumerable<SourceStatus> statuses, DateOnly lastComplete)
    {
        foreach (var s in statuses)
        {
            if (s.ContractFailedDates.Count > 0)
            {
                yield return new StatusAlert(s.Source, AlertLevel.Error, AlertKind.Contract,
                    $"{s.ContractFailedDates.Count} date(s) failed their contracts: {List(s.ContractFailedDates)} (schema_changed or " +
                    "expectation_failed; landfall history shows what changed; accept it with run --date D --source S --accept-schema " +
                    "or --accept-expectations)");
            }
            var recent = s.WarnedDates.Where(d => d > lastComplete.AddDays(-RecentDays)).ToList();
            if (recent.Count > 0)
            {
                yield return new StatusAlert(s.Source, AlertLevel.Warning, AlertKind.Contract,
                    $"{recent.Count} date(s) in the last {RecentDays} days succeeded with contract warnings: {List(recent)} (their manifests' warnings say what)");
            }
        }
    }

    private static string List(IReadOnlyList<DateOnly> dates) =>
        string.Join(", ", dates.Take(5).Select(ManifestKeys.FormatDate)) + (dates.Count > 5 ? ", ..." : "");
}
