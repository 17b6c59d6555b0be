using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Landfall.IntegrationTests.Telemetry;

/// <summary>
/// A real HTTP server in the test process (HttpListener on 127.0.0.1, a free port): records every request (path, headers, body)
/// and answers 200 with <see cref="ResponseBody"/>, after <see cref="Delay"/> when a slow receiver is wanted.
/// </summary>
public sealed class HttpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    public HttpReceiver()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public TimeSpan Delay { get; set; }

    public int Status { get; set; } = 200;

    /// <summary>The body of every answer: OTLP's Export*ServiceResponse is an empty message, so empty bytes are a valid one.</summary>
    public byte[] ResponseBody { get; set; } = [];

    public ConcurrentQueue<(string Path, string Method, IReadOnlyDictionary<string, string> Headers, byte[] Body)> Requests { get; } = new();

    public IEnumerable<byte[]> Bodies(string path) => Requests.Where(r => r.Path == path).Select(r => r.Body);

    /// <summary>A port nothing listens on (bound then released): an unreachable endpoint.</summary>
    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue((context.Request.Url!.AbsolutePath, context.Request.HttpMethod, headers, body.ToArray()));
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, _stop.Token);
            }
            context.Response.StatusCode = Status;
            context.Response.ContentType = "application/x-protobuf";
            await context.Response.OutputStream.WriteAsync(ResponseBody);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The client gave up (a slow receiver's test) or the receiver is stopping.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
