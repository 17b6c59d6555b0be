using Landfall.Config;
using Landfall.Contracts;
using Landfall.Lake;
using Landfall.Planning;
using Landfall.Reconcile;
using Landfall.Sources;

namespace Landfall.Hosting;

/// <summary>A validated landfall.yaml.</summary>
public sealed class LandfallConfig
{
    /// <summary>The default <c>env</c>.</summary>
    public const string DefaultEnv = "dev";

    /// <summary>The file it was read from.</summary>
    public required string FilePath { get; init; }

    /// <summary>Environment name written into every manifest (default <c>dev</c>).</summary>
    public string Env { get; init; } = DefaultEnv;

    /// <summary>Where data and manifests land.</summary>
    public required LakeSettings Lake { get; init; }

    /// <summary>Which dates are complete and how many sources run at once.</summary>
    public ScheduleSettings Schedule { get; init; } = new();

    /// <summary>The sources, in config order.</summary>
    public required IReadOnlyList<ISource> Sources { get; init; }

    /// <summary>Per source name, when its data is due and how stale it may get; a source without an entry has the default.</summary>
    public IReadOnlyDictionary<string, SourcePolicy> Policies { get; init; } = new Dictionary<string, SourcePolicy>();

    /// <summary>
    /// What in the file loads but is probably not meant (a retired setting, a folder without a date token). The host logs each as <c>config_warning</c> when it is
    /// built; the command also prints them on stderr.
    /// </summary>
    public IReadOnlyList<ConfigWarning> Warnings { get; init; } = [];
    /// <summary>Each source's entity contracts (<c>schema</c>, <c>accept_schema_from</c>, <c>expect</c>), by source name.</summary>
    internal IReadOnlyDictionary<string, SourceContracts> Contracts { get; init; } = new Dictionary<string, SourceContracts>();

    /// <summary>Traces, metrics, the Pushgateway and OpenLineage (the <c>telemetry:</c> section); everything off by default.</summary>
    public Telemetry.TelemetrySettings Telemetry { get; init; } = new();

    /// <summary>Each source's <c>reconcile:</c> settings, by source name; a source without an entry has the defaults.</summary>
    public IReadOnlyDictionary<string, ReconcileSettings> Reconcile { get; init; } = new Dictionary<string, ReconcileSettings>();
}
