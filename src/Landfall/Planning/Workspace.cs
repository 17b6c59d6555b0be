using Landfall.Contracts;
using Landfall.Lake;
using Landfall.Ledger;
using Landfall.Manifests;
using Landfall.Sources;
using Microsoft.Extensions.Logging;

namespace Landfall.Planning;

/// <summary>
/// What every use case works over, the runner and the read side alike: the environment, the schedule, the configured sources, the
/// lake and its manifests, logging and the clock.
/// </summary>
internal sealed class Workspace
{
    public Workspace(string configFile, string env, ScheduleSettings schedule, IReadOnlyList<ISource> sources, ILake lake,
        ILoggerFactory loggerFactory, TimeProvider time, IReadOnlyDictionary<string, SourcePolicy>? policies = null)
    {
        _policies = policies ?? new Dictionary<string, SourcePolicy>();
        ConfigFile = configFile;
        Env = env;
        Schedule = schedule;
        Sources = sources;
        Lake = lake;
        LoggerFactory = loggerFactory;
        Time = time;
        Logger = loggerFactory.CreateLogger("Landfall");
        Manifests = new ManifestReads(new ManifestCatalog(lake), Logger, time, schedule.MaxManifestBytes);
        Ledger = new LedgerReader(Manifests, new LedgerIndexStore(lake, Logger), Logger);
    }

    /// <summary>The config file the sources come from, for messages.</summary>
    public string ConfigFile { get; }

    private readonly IReadOnlyDictionary<string, SourcePolicy> _policies;

    public string Env { get; }

    /// <summary>Per source, its entities' contracts (schema modes, expectations); a source without an entry has none.</summary>
    public IReadOnlyDictionary<string, SourceContracts> Contracts { get; init; } = new Dictionary<string, SourceContracts>();

    /// <summary>Metrics, lineage events and the Pushgateway push at the runner's seams (off unless configured).</summary>
    public Telemetry.RunTelemetry Telemetry { get; init; } = Landfall.Telemetry.RunTelemetry.Off;

    /// <summary>The contracts of <paramref name="source"/>'s entities.</summary>
    public SourceContracts ContractsOf(string source) => Contracts.TryGetValue(source, out var c) ? c : SourceContracts.None;

    /// <summary>When <paramref name="source"/>'s data is due and how stale it may get.</summary>
    public SourcePolicy PolicyOf(string source) => _policies.TryGetValue(source, out var policy) ? policy : SourcePolicy.Default;

    public ScheduleSettings Schedule { get; }

    public IReadOnlyList<ISource> Sources { get; }

    public ILake Lake { get; }

    public ILoggerFactory LoggerFactory { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    /// <summary>The manifests themselves: what run's decisions read.</summary>
    public ManifestReads Manifests { get; }

    /// <summary>The read side's reads: a source's listing and its ledger index, as a value the caller owns.</summary>
    public LedgerReader Ledger { get; }

    /// <summary>Today in the schedule's time zone minus the lag: the newest business date that is complete.</summary>
    public DateOnly LastCompleteDate() => Schedule.LastCompleteDate(Time.GetUtcNow());

    /// <summary>
    /// The sources a request names, in config order; every source when it names none. An unknown name is an
    /// <see cref="InvalidRequestException"/> that lists the configured ones.
    /// </summary>
    public IReadOnlyList<ISource> Select(IReadOnlyCollection<string>? names)
    {
        if (names is null || names.Count == 0)
        {
            return Sources;
        }
        foreach (var name in names)
        {
            if (!Sources.Any(s => s.Name == name))
            {
                throw new InvalidRequestException(
                    $"{RequestProperties.Sources} '{name}' is not in {ConfigFile}; configured sources: {string.Join(", ", Sources.Select(s => s.Name))}.");
            }
        }
        return Sources.Where(s => names.Contains(s.Name)).ToList();
    }

    /// <summary>
    /// The source names a read-side request names, each configured or with manifests in the lake; without names, every configured
    /// source, then the sources no longer configured that still have manifests (a removed source keeps its audit trail).
    /// </summary>
    public async Task<IReadOnlyList<string>> SelectWithManifestsAsync(IReadOnlyCollection<string>? names, CancellationToken cancellationToken)
    {
        var inLake = await Ledger.ListSourcesAsync(cancellationToken).ConfigureAwait(false);
        var configured = Sources.Select(s => s.Name).ToList();
        if (names is null || names.Count == 0)
        {
            return [.. configured, .. inLake.Where(n => !configured.Contains(n))];
        }
        foreach (var name in names.Where(n => !configured.Contains(n) && !inLake.Contains(n)))
        {
            throw new InvalidRequestException(
                $"{RequestProperties.Sources} '{name}' is neither in {ConfigFile} nor in the lake's manifests; configured sources: {string.Join(", ", configured)}.");
        }
        return [.. names];
    }
}
