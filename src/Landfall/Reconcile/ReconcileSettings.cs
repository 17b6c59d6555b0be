using Landfall.Config;

namespace Landfall.Reconcile;

/// <summary>
/// A source's <c>reconcile:</c> settings, the same for every kind: how far back <c>landfall reconcile</c> looks by default, and whether
/// <c>landfall run</c> reconciles that window after its main work (off by default, and bounded).
/// </summary>
public sealed class ReconcileSettings
{
    /// <summary>The <c>lookback_days</c> setting.</summary>
    public static readonly IntSetting LookbackDaysSetting = new("lookback_days", 7, 1, 3650);

    /// <summary>The <c>after_run_max_dates</c> setting.</summary>
    public static readonly IntSetting AfterRunMaxDatesSetting = new("after_run_max_dates", 7, 1, 366);

    /// <summary>The key of the section on a source.</summary>
    public const string Key = "reconcile";

    /// <summary>The keys of the section.</summary>
    public static IReadOnlyList<string> Keys { get; } = [LookbackDaysSetting.Key, "after_run", AfterRunMaxDatesSetting.Key];

    /// <summary>The defaults: a 7-day window, no reconcile after <c>run</c>.</summary>
    public static ReconcileSettings Default { get; } = new();

    /// <summary>The business dates up to the last complete date that <c>landfall reconcile</c> compares by default (default 7).</summary>
    public int LookbackDays { get; init; } = LookbackDaysSetting.Default;

    /// <summary>
    /// Whether <c>landfall run</c>, after its main work, reconciles the source's window and re-ingests the dates that drifted
    /// (default false).
    /// </summary>
    public bool AfterRun { get; init; }

    /// <summary>At most this many dates (the newest of the window) are reconciled after a run (default 7).</summary>
    public int AfterRunMaxDates { get; init; } = AfterRunMaxDatesSetting.Default;

    /// <summary>Reads and validates a source's <c>reconcile:</c> mapping; the defaults when it is absent.</summary>
    public static ReconcileSettings Parse(ConfigNode? node)
    {
        if (node is null)
        {
            return Default;
        }
        node.OnlyKeys([.. Keys]);
        return new ReconcileSettings
        {
            LookbackDays = node.Get(LookbackDaysSetting),
            AfterRun = node.Bool("after_run", false),
            AfterRunMaxDates = node.Get(AfterRunMaxDatesSetting),
        };
    }
}
