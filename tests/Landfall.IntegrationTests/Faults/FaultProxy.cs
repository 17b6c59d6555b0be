using System.Net;
using System.Net.Sockets;

namespace Landfall.IntegrationTests.Faults;

/// <summary>What the proxy does to each new connection: nothing, a reset, or a stall, after a random number of bytes.</summary>
/// <param name="ResetRate">The share of connections reset (RST, as a dropped NAT entry or a crashed peer) after a random byte count.</param>
/// <param name="StallRate">The share of connections that stop forwarding after a random byte count, without reset or close.</param>
/// <param name="StallFirst">The first N connections stall, whatever the rates (a stall that must be met).</param>
/// <param name="MinBytes">The fewest bytes (both directions together) a faulty connection forwards before its fault.</param>
/// <param name="MaxBytes">The most bytes a faulty connection forwards before its fault.</param>
/// <param name="Seed">The random seed: a run of the suite can be replayed.</param>
public sealed record FaultPlan(double ResetRate = 0, double StallRate = 0, int StallFirst = 0, long MinBytes = 1, long MaxBytes = 256 * 1024,
    int Seed = 27);

/// <summary>
/// The project's own fault injector for the wire: a TCP proxy in front of a real server (the S3 lake, PostgreSQL, sshd, Azurite)
/// that passes bytes through untouched, except on the connections its <see cref="FaultPlan"/> picks, which it resets (RST) or stalls
/// (stops forwarding in both directions, keeps the socket open: what a dead NAT entry, a load balancer's idle drop or a half-open
/// socket look like) after a random number of bytes. Counts what it did, for the assertions and for docs/faults.md.
/// Built on the throttling proxy of the S3 source tests (Sources/S3/ThrottlingProxy.cs): no fake server, only real answers.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Random _random;
    private readonly List<Task> _connections = [];
    private int _accepted;
    private int _cut;
    private int _stalled;

    public FaultProxy(string host, int port, FaultPlan plan)
    {
        (_host, _port, Plan) = (host, port, plan);
        _random = new Random(plan.Seed);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>A proxy in front of an http(s) endpoint such as http://127.0.0.1:9010.</summary>
    public static FaultProxy For(string endpoint, FaultPlan plan)
    {
        var uri = new Uri(endpoint);
        return new FaultProxy(uri.Host, uri.Port, plan);
    }

    /// <summary>What is done to each connection; replaceable between runs (a stall phase after a reset phase).</summary>
    public FaultPlan Plan { get; set; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Connections accepted.</summary>
    public int Connections => Volatile.Read(ref _accepted);

    /// <summary>Connections reset midway.</summary>
    public int Cut => Volatile.Read(ref _cut);

    /// <summary>Connections stalled midway.</summary>
    public int Stalled => Volatile.Read(ref _stalled);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var n = Interlocked.Increment(ref _accepted);
            var fault = new Fault(this, stallNow: n <= Plan.StallFirst);
            lock (_connections)
            {
                _connections.Add(ServeAsync(client, fault));
            }
        }
    }

    /// <summary>At a checkpoint: the fault to apply now (none most of the time) and the byte count of the next checkpoint.</summary>
    private (FaultKind Kind, long Next) Roll()
    {
        var plan = Plan;
        lock (_random)
        {
            var roll = _random.NextDouble();
            var kind = roll < plan.StallRate ? FaultKind.Stall : roll < plan.StallRate + plan.ResetRate ? FaultKind.Reset : FaultKind.None;
            return (kind, _random.NextInt64(plan.MinBytes, Math.Max(plan.MinBytes + 1, plan.MaxBytes)));
        }
    }

    private enum FaultKind
    {
        None,
        Reset,
        Stall,
    }

    /// <summary>
    /// The fate of one connection, decided at random byte counts as it goes (a pooled keep-alive connection carries many requests,
    /// so a fault is drawn at each checkpoint, not once per connection).
    /// </summary>
    private sealed class Fault
    {
        private readonly FaultProxy _proxy;
        private long _passed;
        private long _checkpoint;

        public Fault(FaultProxy proxy, bool stallNow)
        {
            _proxy = proxy;
            var (_, next) = proxy.Roll();
            (Kind, _checkpoint) = stallNow ? (FaultKind.Stall, next) : (FaultKind.None, next);
        }

        public FaultKind Kind { get; private set; }

        public bool Triggered { get; set; }

        /// <summary>How many of <paramref name="n"/> bytes may pass before the fault (all of them when none is drawn).</summary>
        public int Allow(int n)
        {
            lock (this)
            {
                if (Triggered)
                {
                    return 0;
                }
                var allowed = 0;
                while (allowed < n)
                {
                    var step = (int)Math.Min(n - allowed, _checkpoint - _passed);
                    allowed += step;
                    _passed += step;
                    if (_passed < _checkpoint)
                    {
                        break;
                    }
                    if (Kind != FaultKind.None)
                    {
                        return allowed;
                    }
                    var (kind, next) = _proxy.Roll();
                    (Kind, _checkpoint) = (kind, _passed + next);
                    if (kind != FaultKind.None)
                    {
                        // The fault falls at the next checkpoint, a random count of bytes further on.
                        continue;
                    }
                }
                return allowed;
            }
        }
    }

    private async Task ServeAsync(TcpClient client, Fault fault)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(_host, _port, _stop.Token);
                var down = PumpAsync(client, upstream, fault);
                var up = PumpAsync(upstream, client, fault);
                await Task.WhenAll(down, up);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, Fault fault)
    {
        var buffer = new byte[16 * 1024];
        var source = from.GetStream();
        var target = to.GetStream();
        while (true)
        {
            var n = await source.ReadAsync(buffer, _stop.Token);
            if (n == 0)
            {
                to.Client.Shutdown(SocketShutdown.Send);
                return;
            }
            var allowed = fault.Allow(n);
            if (allowed > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, allowed), _stop.Token);
            }
            if (allowed < n)
            {
                await TriggerAsync(from, to, fault);
                return;
            }
        }
    }

    private async Task TriggerAsync(TcpClient a, TcpClient b, Fault fault)
    {
        bool first;
        lock (fault)
        {
            first = !fault.Triggered;
            fault.Triggered = true;
        }
        if (fault.Kind == FaultKind.Reset)
        {
            if (first)
            {
                Interlocked.Increment(ref _cut);
            }
            // Linger 0: close sends RST, not FIN.
            foreach (var c in new[] { a, b })
            {
                try
                {
                    c.Client.LingerState = new LingerOption(true, 0);
                    c.Client.Close();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                }
            }
            return;
        }
        if (first)
        {
            Interlocked.Increment(ref _stalled);
        }
        // A stall: nothing more is forwarded either way and nothing is closed, until the proxy goes away.
        await Task.Delay(Timeout.Infinite, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }
        await Task.WhenAll(open.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }
}
