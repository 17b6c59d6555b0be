using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Landfall.IntegrationTests.Sources.S3;

/// <summary>
/// A TCP proxy in front of the real S3 server that answers the first <c>throttle</c> connections with 503 SlowDown, as S3 does
/// under load, and passes every later connection through untouched (the Host header is not rewritten, so signatures hold).
/// Not a fake server: everything that is not throttled is the real server's answer.
/// </summary>
internal sealed class ThrottlingProxy : IAsyncDisposable
{
    private const string SlowDown =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message>" +
        "<RequestId>throttling-proxy</RequestId></Error>";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _remaining;
    private int _throttled;

    public ThrottlingProxy(string targetEndpoint, int throttle)
    {
        _target = new Uri(targetEndpoint);
        _remaining = throttle;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Throttled => Volatile.Read(ref _throttled);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Interlocked.Decrement(ref _remaining) >= 0 ? ThrottleAsync(client) : PipeAsync(client);
        }
    }

    private async Task ThrottleAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var seen = new StringBuilder();
            var buffer = new byte[4096];
            int n;
            while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && (n = await stream.ReadAsync(buffer)) > 0)
            {
                seen.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            Interlocked.Increment(ref _throttled);
            var body = Encoding.UTF8.GetBytes(SlowDown);
            var head = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(head);
            await stream.WriteAsync(body);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                var a = client.GetStream();
                var b = upstream.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
