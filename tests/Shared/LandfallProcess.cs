using System.Diagnostics;

namespace Landfall.Testing;

/// <summary>The real landfall CLI as a child process (the build copies landfall.dll beside the tests).</summary>
public sealed class LandfallProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly System.Text.StringBuilder _stderrText = new();
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LandfallProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _stderrClosed.TrySetResult();
                return;
            }
            lock (_stderrText)
            {
                _stderrText.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    private string StderrSoFar()
    {
        lock (_stderrText)
        {
            return _stderrText.ToString();
        }
    }

    /// <summary>Waits until stderr (the logs) contains <paramref name="text"/>, e.g. an event name.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!StderrSoFar().Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"'{text}' never appeared in the logs of pid {Pid}: {StderrSoFar()}");
            }
            await Task.Delay(50);
        }
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>True while the process is stopped (SIGSTOP): state T in /proc/PID/stat.</summary>
    public bool IsStopped
    {
        get
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{Pid}/stat");
                return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('T');
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

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
            throw new TimeoutException($"landfall (pid {Pid}) did not exit in time. stderr: {StderrSoFar()}");
        }
        await _stderrClosed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return new CliOutcome(_process.ExitCode, await _stdout, StderrSoFar());
    }

    /// <summary>Sends a POSIX signal (INT, TERM, KILL, STOP, CONT).</summary>
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
