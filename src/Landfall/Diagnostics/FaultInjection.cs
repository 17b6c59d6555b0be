using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Landfall.Diagnostics;

/// <summary>
/// Deterministic crash and delay points for the crash-safety tests, driven by the LANDFALL_FAULT environment variable
/// (<c>kill:POINT[:N]</c> kills this process with SIGKILL the Nth time POINT is reached; <c>delay:POINT:MS</c> sleeps there;
/// <c>stop:POINT</c> stops this process with SIGSTOP there, the first time only, for a test to resume with SIGCONT).
/// Unset in production, where every call is a cheap no-op. Points: after_claim, before_object, mid_object,
/// after_last_object, after_lease_check, mid_manifest.
/// </summary>
internal static class FaultInjection
{
    private static readonly (string Action, string Point, int Arg)? Fault = Parse(Environment.GetEnvironmentVariable("LANDFALL_FAULT"));
    private static int _hits;

    public static bool Enabled => Fault is not null;

    public static void Hit(string point)
    {
        if (Fault is not { } f || f.Point != point)
        {
            return;
        }
        if (f.Action == "delay")
        {
            Thread.Sleep(f.Arg);
            return;
        }
        if (f.Action == "stop")
        {
            // Like a frozen VM or a paused container: every thread stops, timers included, until SIGCONT.
            if (Interlocked.Increment(ref _hits) == 1)
            {
                _ = Kill(Environment.ProcessId, SigStop);
            }
            return;
        }
        if (Interlocked.Increment(ref _hits) >= Math.Max(1, f.Arg))
        {
            using var self = Process.GetCurrentProcess();
            self.Kill(); // SIGKILL: no finally block, no flush, exactly like the OOM killer or a node loss
        }
    }

    private const int SigStop = 19; // Linux

#pragma warning disable SYSLIB1054 // DllImport rather than LibraryImport, whose generated code needs AllowUnsafeBlocks.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054

    /// <summary>Wraps a stream so that <paramref name="point"/> is hit once half of <paramref name="length"/> bytes were read.</summary>
    public static Stream Midway(Stream inner, long length, string point) =>
        Fault is { } f && f.Point == point ? new MidwayStream(inner, Math.Max(1, length / 2), point) : inner;

    private static (string, string, int)? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        var parts = value.Split(':');
        var arg = parts.Length > 2 && int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 1;
        return parts.Length >= 2 ? (parts[0], parts[1], arg) : null;
    }

    private sealed class MidwayStream(Stream inner, long threshold, string point) : ReadOnlyStream
    {
        private long _read;

        public override long Length => inner.Length;

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer[..Math.Min(buffer.Length, 4096)]));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer[..Math.Min(buffer.Length, 4096)], cancellationToken).ConfigureAwait(false));

        private int Count(int n)
        {
            _read += n;
            if (_read >= threshold)
            {
                Hit(point);
            }
            return n;
        }
    }
}
