using Landfall.Checks;
using Landfall.Contracts;
using Landfall.Current;
using Landfall.Lake;
using Landfall.Ledger;
using Landfall.Planning;
using Landfall.Reconcile;
using Landfall.Reports;
using Landfall.Runs;
using Landfall.Status;
using Landfall.Verification;
using static Landfall.RequestProperties;

namespace Landfall.Hosting;

/// <summary>
/// Landfall's use cases over one config and one lake: plan, run (one date, a range, the next date or catch-up), status, history,
/// check, verify, reconcile, the audit report and the ledger index. The <c>landfall</c> command maps each of its commands to one call here; a worker or a
/// function embeds Landfall the same way. Build one with <see cref="CreateBuilder"/>. Thread-safe; dispose it to close the lake.
/// </summary>
public sealed class LandfallHost : IDisposable
{
    private readonly bool _ownsLake;

    internal LandfallHost(LandfallConfig config, Workspace workspace, bool ownsLake)
    {
        Config = config;
        Workspace = workspace;
        _ownsLake = ownsLake;
        Runner = new IngestRunner(workspace);
        Planner = new DatePlanner(workspace);
        Reconciler = new Reconciler(workspace, Runner, config.Reconcile);
    }

    /// <summary>A builder with every built-in source and lake kind registered (the full preset the <c>landfall</c> command uses).</summary>
    public static LandfallHostBuilder CreateBuilder() => new();

    /// <summary>
    /// A builder with no kind registered: the host knows only what is added (<c>AddLocalLake()</c>, <c>AddPostgresSource()</c>,
    /// <see cref="LandfallHostBuilder.AddSourceKind"/>, ...).
    /// </summary>
    public static LandfallHostBuilder CreateSlimBuilder() => LandfallHostBuilder.Slim();

    /// <summary>The config the host runs.</summary>
    public LandfallConfig Config { get; }

    /// <summary>The lake data and manifests land in.</summary>
    public ILake Lake => Workspace.Lake;

    internal Workspace Workspace { get; }

    internal IngestRunner Runner { get; }

    internal DatePlanner Planner { get; }

    internal Reconciler Reconciler { get; }

    /// <summary>Today in the schedule's time zone minus the lag: the newest business date that may be ingested.</summary>
    public DateOnly LastCompleteDate() => Workspace.LastCompleteDate();

    /// <summary>
    /// What <see cref="RunAsync"/> would do now and why, from the manifests alone, with the work units an orchestrator fans out
    /// (<see cref="PlanResult.Units"/>); never touches a source, never writes.
    /// </summary>
    /// <exception cref="InvalidRequestException">Conflicting options, an unknown source, or a date that is not over yet.</exception>
    public Task<PlanResult> PlanAsync(PlanRequest request, CancellationToken cancellationToken) =>
        new WorkUnitPlanner(Workspace, Planner).PlanAsync(request, cancellationToken);

    /// <summary>
    /// Ingests what <paramref name="request"/> asks. Source and lake failures are results (and failed manifests), never exceptions.
    /// Then, for sources with <c>reconcile.after_run: true</c>, reconciles their window and re-ingests the dates that drifted; those
    /// re-ingests come after the run's own results (<see cref="RunResult.ReingestReason"/> <c>reconcile</c>).
    /// </summary>
    /// <exception cref="InvalidRequestException">Conflicting options, an unknown source, or a date that is not over yet.</exception>
    public async Task<RunReport> RunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var span = Telemetry.RunSpans.Run(Workspace.Env);
        var report = await new RunLoop(Workspace, Runner, Planner).RunAsync(request, cancellationToken).ConfigureAwait(false);
        var reingests = await Reconciler.AfterRunAsync(request, report, cancellationToken).ConfigureAwait(false);
        report = reingests.Count == 0 ? report : report with { Results = [.. report.Results, .. reingests] };
        // Bounded, and never the run's failure: the index is a cache for the read commands.
        var written = report.Results.Where(r => r.ManifestKey is not null).Select(r => r.Source).Distinct(StringComparer.Ordinal).ToList();
        await Indexer().AfterRunAsync(written, Workspace.Schedule.IndexAfterRunMinUncovered, cancellationToken).ConfigureAwait(false);
        span?.SetTag("landfall.dates", report.Results.Count);
        if (report.AnyFailed)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "a date failed");
        }
        // Bounded by their timeouts, and never the run's failure: the Pushgateway push and the queued lineage events.
        await Workspace.Telemetry.RunEndedAsync([.. report.Results.Select(r => r.ToTelemetry())], CancellationToken.None).ConfigureAwait(false);
        return report;
    }

    /// <summary>
    /// Writes a fresh ledger index object per source (<c>_index/source=S/</c>): a compacted, immutable cache of its manifests that
    /// <see cref="StatusAsync"/>, <see cref="HistoryAsync"/>, <see cref="ReportAsync"/> and <see cref="PlanAsync"/> use for each manifest
    /// the listing shows unchanged. Nothing is overwritten or deleted; a source already fully covered gets no new object.
    /// </summary>
    /// <exception cref="InvalidRequestException">A source that is neither configured nor in the lake.</exception>
    public async Task<IndexReport> IndexAsync(IndexRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sources = await Workspace.SelectWithManifestsAsync(request.Sources, cancellationToken).ConfigureAwait(false);
        return await Indexer().IndexAsync([.. sources.Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
    }

    private LedgerIndexer Indexer() => new(Workspace.Ledger, Workspace.Lake, Workspace.Time, Workspace.Logger);

    /// <summary>
    /// Compares, for each date of the window whose latest manifest is a success, what the source shows now with what that manifest
    /// recorded, without transferring data; with <see cref="ReconcileRequest.Apply"/>, re-ingests each drifted date as a new run.
    /// Sources that cannot be observed are results with status <c>failed</c>, never exceptions.
    /// </summary>
    /// <exception cref="InvalidRequestException">Conflicting options, an unknown source, or a date that is not over yet.</exception>
    public Task<ReconcileReport> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken) =>
        Reconciler.ReconcileAsync(request, cancellationToken);

    /// <summary>Where every source stands, and the lake-wide complete-through date, from the manifests alone.</summary>
    public async Task<StatusReport> StatusAsync(StatusRequest request, CancellationToken cancellationToken)
    {
        var report = await new StatusReader(Workspace).ReadAsync(request, cancellationToken).ConfigureAwait(false);
        // The status gauges of the Meter report the newest status read (docs/observability.md).
        StatusMetrics.Observe(report);
        return report;
    }

    /// <summary>
    /// A source's schema history from its successful manifests: per entity, its schemas over time and the dates they changed, with the
    /// difference (docs/contracts.md).
    /// </summary>
    /// <exception cref="InvalidRequestException">A reversed range, or a source neither configured nor in the lake.</exception>
    public async Task<SchemaHistory> SchemaAsync(SchemaRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestRules.Range(request.From, request.To);
        await Workspace.SelectWithManifestsAsync([request.Source], cancellationToken).ConfigureAwait(false);
        return await new SchemaHistoryReader(Workspace.Ledger).ReadAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The audit trail of a source: every manifest, newest date and newest run first.</summary>
    public Task<IReadOnlyList<HistoryEntry>> HistoryAsync(HistoryRequest request, CancellationToken cancellationToken) =>
        new HistoryReader(Workspace).ReadAsync(request, cancellationToken);

    /// <summary>
    /// The current data, for downstream readers: per (source, entity, date) that has a successful run, the objects of its current
    /// run (the newest success by the manifest rule) and the date's status beside it. Streams; reads only manifests.
    /// </summary>
    /// <exception cref="InvalidRequestException">A reversed range, or a source neither configured nor in the lake.</exception>
    public IAsyncEnumerable<CurrentEntry> CurrentAsync(CurrentRequest request, CancellationToken cancellationToken) =>
        new CurrentReader(Workspace).CurrentAsync(request, cancellationToken);

    /// <summary>
    /// Writes the object table as Parquet into <paramref name="output"/>: one row per object of every run in range, current or not,
    /// with <c>is_current</c>, so that DuckDB, Athena or Spark can join it and read exactly the current objects. Returns the rows.
    /// </summary>
    public Task<long> ExportObjectTableAsync(CurrentRequest request, Stream output, CancellationToken cancellationToken) =>
        ObjectTableWriter.WriteAsync(new CurrentReader(Workspace).ObjectTableAsync(request, cancellationToken), output, cancellationToken);

    /// <summary>Connects to every selected source and reports what it sees, reading no data and writing nothing.</summary>
    public Task<IReadOnlyList<CheckResult>> CheckAsync(CheckRequest request, CancellationToken cancellationToken) =>
        new SourceChecker(Workspace, Planner).CheckAsync(request, cancellationToken);

    /// <summary>Re-reads every object the latest successful manifests reference and checks it against what they recorded.</summary>
    public Task<VerifyReport> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestRules.DateOrRange(request.Date, request.From, request.To);
        var sources = Workspace.Select(request.Sources).Select(s => s.Name).ToList();
        return new Verifier(Workspace.Ledger, time: Workspace.Time).VerifyAsync(sources, request.Date ?? request.From, request.Date ?? request.To, cancellationToken);
    }

    /// <summary>Builds the audit calendar from the manifests alone.</summary>
    public Task<AuditReport> ReportAsync(ReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestRules.Range(request.From, request.To);
        if (request.ObjectsPerEntity < 0)
        {
            throw new InvalidRequestException($"{ObjectsPerEntity} {request.ObjectsPerEntity} must be 0 or more.");
        }
        var selected = request.Sources is { Count: > 0 };
        var options = new AuditReportOptions
        {
            Sources = Workspace.Select(request.Sources),
            IncludeUnconfiguredSources = !selected,
            From = request.From,
            To = request.To,
            LastCompleteDate = Workspace.LastCompleteDate(),
            Env = Workspace.Env,
            GeneratedAt = Workspace.Time.GetUtcNow(),
            ObjectsPerEntity = request.ObjectsPerEntity,
        };
        return new AuditReportBuilder(Workspace.Ledger, Workspace.Lake).BuildAsync(options, cancellationToken);
    }

    /// <summary>Writes <paramref name="report"/> as one self-contained HTML file (inline CSS and script; opens offline).</summary>
    public static Task WriteReportHtmlAsync(AuditReport report, Stream output, CancellationToken cancellationToken) =>
        AuditHtmlWriter.WriteAsync(report, output, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        Workspace.Telemetry.Dispose();
        if (_ownsLake)
        {
            (Workspace.Lake as IDisposable)?.Dispose();
        }
    }
}
