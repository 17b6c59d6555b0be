using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Landfall.Telemetry;

/// <summary>
/// Sends run events in the background, in order, so that ingestion never waits on the lineage endpoint. The first event that
/// cannot be sent (after its retries) is logged once, and the rest of the run's events are dropped: a lineage endpoint that is
/// down costs the run one timeout, not one per event. <see cref="DrainAsync"/> waits a bounded time at the end of a run.
/// </summary>
internal sealed class LineageEmitter : IDisposable
{
    private readonly LineageTransport _transport;
    private readonly ILogger _logger;
    private readonly Channel<byte[]> _queue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, bool> _started = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private readonly TimeSpan _drainBound;
    private int _sent;
    private int _pending;
    private volatile bool _broken;

    public LineageEmitter(LineageSettings settings, LineageTransport transport, ILogger logger)
    {
        Settings = settings;
        _transport = transport;
        _logger = logger;
        // Long enough for a working endpoint to take the queue's tail; one attempt of each retry plus their backoffs at most.
        _drainBound = settings.Timeout * (settings.Retries + 1) + TimeSpan.FromSeconds(2 * (settings.Retries + 1));
        _pump = Task.Run(PumpAsync);
    }

    public LineageSettings Settings { get; }

    public string Target => _transport.Target;

    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Queues the event; remembers a START so that only a started run gets its end event.</summary>
    public void Emit(string runId, LineageEvent.Content content)
    {
        if (content.EventType == "START")
        {
            _started[runId] = true;
        }
        if (_broken)
        {
            return;
        }
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(LineageEvent.Write(content)))
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>True once, for a run that sent START: the end event is due.</summary>
    public bool Ends(string runId) => _started.TryRemove(runId, out _);

    /// <summary>Waits for the queued events, at most a bounded time; what is still queued then is dropped and logged.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        try
        {
            var deadline = DateTime.UtcNow + _drainBound;
            while (Volatile.Read(ref _pending) > 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException();
                }
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            if (!_broken && Volatile.Read(ref _pending) is > 0 and var left)
            {
                _broken = true;
                TelemetryLog.LineageSlow(_logger, _transport.Target, left, _drainBound.TotalSeconds);
            }
        }
    }

    private async Task PumpAsync()
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out var json))
                {
                    try
                    {
                        if (!_broken)
                        {
                            await _transport.SendAsync(json, _stop.Token).ConfigureAwait(false);
                            Interlocked.Increment(ref _sent);
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
                    {
                        _broken = true;
                        TelemetryLog.LineageFailed(_logger, _transport.Target, e.Message);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _pending);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stop.Cancel();
        _transport.Dispose();
        _stop.Dispose();
    }
}
