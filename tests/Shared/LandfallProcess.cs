using System.Diagnostics;

namespace Landfall.Testing;

/// <summary>The real landfall CLI as a child process (the build copies landfall.dll beside the tests).</summary>
public sealed class LandfallProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private LandfallProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public int Pid => _process.Id;

    public static LandfallProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "landfall.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["LANDFALL_FAULT"] = "";
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }
        return new LandfallProcess(Process.Start(info)!);
    }

    public async Task<CliOutcome> WaitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"landfall (pid {Pid}) did not exit in time. stderr: {await _stderr}");
        }
        return new CliOutcome(_process.ExitCode, await _stdout, await _stderr);
    }

    /// <summary>Sends a POSIX signal (INT, TERM, KILL).</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {Pid}");
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
