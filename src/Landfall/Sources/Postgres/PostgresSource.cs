using Landfall.Layout;
using Landfall.Resilience;
using Npgsql;

namespace Landfall.Sources.Postgres;

/// <summary>
/// A PostgreSQL database: every entity of one business date is read in one REPEATABLE READ READ ONLY transaction and written
/// as Parquet while the rows stream.
/// </summary>
internal sealed class PostgresSource(string name, DateOnly startDate, PostgresSettings settings, IReadOnlyList<PostgresEntity> entities)
    : SourceBase<PostgresEntity>(name, "postgres", startDate, entities), IReconcilableSource, ILineageInputs, IExtractionRetry
{
    private readonly PostgresSettings _settings = settings;

    /// <summary>OpenLineage's postgres naming: namespace postgres://host:port, name database.schema.table (a query entity: database.entity).</summary>
    public IReadOnlyList<(string Entity, string Namespace, string Name)> LineageInputs(DateOnly date)
    {
        var b = _settings.Build();
        return [.. EntityDefinitions.Select(e => (e.Name, $"postgres://{b.Host}:{b.Port}",
            $"{b.Database}.{(e.Table is { } t ? (t.Contains('.', StringComparison.Ordinal) ? t : "public." + t) : e.Name)}"))];
    }

    /// <inheritdoc />
    public int ExtractionAttempts => _settings.MaxAttempts;

    /// <inheritdoc />
    public bool RetriesExtraction(SourceException failure) =>
        failure is { IsTransient: true, Reason: "connection_lost" or "connection_stalled" };

    internal PostgresSettings Settings => _settings;

    /// <inheritdoc />
    public override async Task<ISourceSession> OpenAsync(SourceRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var day = ManifestKeys.FormatDate(context.IngestDate);
        var pipeline = RetryPipelines.Create(new RetryOptions { MaxAttempts = _settings.MaxAttempts }, e => e is SourceException { IsTransient: true },
            context.Time, r => PostgresLog.Retry(context.Logger, Name, day, context.RunId, r.Attempt, r.Delay.TotalMilliseconds,
                (r.Error as SourceException)?.Reason ?? "error", r.Message));
        return await pipeline.ExecuteAsync("connect", day,
            async ct => (ISourceSession)await PostgresSession.OpenAsync(this, context, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ISourceObserver> OpenObserverAsync(SourceObserveContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        // One snapshot for every date observed; the date reaches each statement as its parameters.
        var today = DateOnly.FromDateTime(context.Time.GetUtcNow().UtcDateTime);
        var session = await PostgresSession.OpenAsync(this, new SourceRunContext(Name, today, "reconcile", context.Logger, context.Time),
            cancellationToken).ConfigureAwait(false);
        return new PostgresObserver(this, session);
    }

    /// <inheritdoc />
    public EntityObservation Recorded(string entity, Manifests.EntityOutput output) => PostgresObserver.Recorded(entity, output);

    /// <inheritdoc />
    public override async Task<IReadOnlyList<CheckFinding>> CheckAsync(SourceCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var findings = new List<CheckFinding>();
        var date = context.Dates.Count > 0 ? context.Dates[0] : DateOnly.FromDateTime(context.Time.GetUtcNow().UtcDateTime);
        PostgresSession session;
        try
        {
            session = await PostgresSession.OpenAsync(this, new SourceRunContext(Name, date, "check", context.Logger, context.Time),
                cancellationToken).ConfigureAwait(false);
        }
        catch (SourceException ex)
        {
            findings.Add(CheckFinding.Error("connection", $"{ex.Reason}: {ex.Message}"));
            return findings;
        }
        await using (session.ConfigureAwait(false))
        {
            findings.Add(CheckFinding.Ok("connection",
                $"{_settings.Describe()}: PostgreSQL {session.ServerVersion}, snapshot {session.Snapshot}"));
            foreach (var entity in EntityDefinitions)
            {
                try
                {
                    var plans = await session.DescribeAsync(entity, cancellationToken).ConfigureAwait(false);
                    var text = plans.Where(p => p.Unmapped).Select(p => $"{p.Name} ({p.PgType})").ToList();
                    findings.Add(text.Count == 0
                        ? CheckFinding.Ok(entity.Name, $"{plans.Count} column(s), all mapped")
                        : CheckFinding.Warning(entity.Name, $"{plans.Count} column(s); written as text: {string.Join(", ", text)}"));
                }
                catch (SourceException ex)
                {
                    findings.Add(CheckFinding.Error(entity.Name, $"{ex.Reason}: {ex.Message}"));
                    break;
                }
            }
        }
        return findings;
    }

    internal static NpgsqlConnection NewConnection(PostgresSettings settings) => new(settings.Build().ConnectionString);
}
