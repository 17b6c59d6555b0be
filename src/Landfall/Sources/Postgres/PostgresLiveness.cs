using Landfall.Config;
using Landfall.Layout;
using Landfall.Resilience;
using Npgsql;

namespace Landfall.Sources.Postgres;

/// <summary>
/// The progress deadline of a session's statements. A row that arrives is progress; so is the server's own word, asked on a
/// separate short connection when no row came for a while, that the session's backend is still working on the statement
/// (pg_stat_activity state <c>active</c>, and not waiting to write to the client): a long count, a sort before the first row. A
/// backend blocked writing to a client that is waiting to read is the sign of a stalled network, not of work; while Landfall itself
/// waits for the lake, the clock is paused (<see cref="Pause"/>). When neither came for stall_timeout, the connection is stalled (a dead NAT entry, a half-open socket):
/// <see cref="Token"/> is cancelled, which makes Npgsql cancel the statement and drop the connection, and the stall is logged then.
/// </summary>
internal sealed class PostgresLiveness : IDisposable
{
    private readonly ProgressWatchdog _dog;
    private readonly CancellationTokenSource _stop;
    private readonly Task _probe;
    private readonly PostgresSettings _settings;

    public PostgresLiveness(PostgresSettings settings, SourceRunContext context, int backendPid, string what, CancellationToken cancellationToken)
    {
        _settings = settings;
        _dog = new ProgressWatchdog(settings.StallTimeout, context.Time, cancellationToken, dog =>
            PostgresLog.Stalled(context.Logger, context.Source, ManifestKeys.FormatDate(context.IngestDate), context.RunId, settings.Describe(),
                what, ConfigDuration.Format(dog.Limit)));
        _stop = CancellationTokenSource.CreateLinkedTokenSource(_dog.Token);
        _probe = ProbeAsync(backendPid, context.Time, _stop.Token);
    }

    /// <summary>Cancelled when the session stalled or the caller cancelled.</summary>
    public CancellationToken Token => _dog.Token;

    /// <summary>Whether <paramref name="e"/> comes from a stall rather than from the caller.</summary>
    public bool Caused(Exception e) => _dog.Stalled && e is not null;

    /// <summary>A row (or an answer) arrived.</summary>
    public void Progress() => _dog.Progress();

    /// <summary>Stops the clock while Landfall waits for the lake (backpressure is not a stalled server).</summary>
    public IDisposable Pause() => _dog.Pause();

    /// <summary>The stall as the source's error: transient, naming the server and the limit.</summary>
    public SourceException StallError(string what, Exception inner) => new("connection_stalled",
        $"PostgreSQL {_settings.Describe()} sent nothing for {ConfigDuration.Format(_settings.StallTimeout)} (stall_timeout) while {what}, " +
        "and its backend was not seen working on the statement: the connection was dropped as stalled.", inner, isTransient: true);

    private async Task ProbeAsync(int backendPid, TimeProvider time, CancellationToken cancellationToken)
    {
        var every = _settings.StallTimeout / 3;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(every, time, cancellationToken).ConfigureAwait(false);
                if (await IsActiveAsync(backendPid, cancellationToken).ConfigureAwait(false))
                {
                    _dog.Progress();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Over: the statement ended, stalled, or the run was cancelled.
        }
    }

    private async Task<bool> IsActiveAsync(int backendPid, CancellationToken cancellationToken)
    {
        try
        {
            var builder = _settings.Build();
            builder.CommandTimeout = (int)Math.Max(1, Math.Ceiling(_settings.StallTimeout.TotalSeconds / 3));
            builder.ApplicationName = "landfall-probe";
            var connection = new NpgsqlConnection(builder.ConnectionString);
            await using (connection.ConfigureAwait(false))
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(_settings.StallTimeout / 3);
                await connection.OpenAsync(deadline.Token).ConfigureAwait(false);
                var command = new NpgsqlCommand(
                    "SELECT state = 'active' AND wait_event IS DISTINCT FROM 'ClientWrite' FROM pg_stat_activity WHERE pid = @pid", connection);
                await using (command.ConfigureAwait(false))
                {
                    command.Parameters.AddWithValue("pid", backendPid);
                    return await command.ExecuteScalarAsync(deadline.Token).ConfigureAwait(false) is true;
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            // No word from the server is no progress; the watchdog decides.
            return false;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _dog.Dispose();
    }
}
