using System.Diagnostics;
using System.Text.Json;

namespace Landfall.IntegrationTests.Tool;

/// <summary>Runs a program to its end and keeps its exit code and output: a built, packed or installed landfall, dotnet, a script.</summary>
public static class ChildProcess
{
    /// <summary>Runs <paramref name="file"/>; LANDFALL_FAULT is cleared so that a test's fault injection never leaks into it.</summary>
    public static async Task<Outcome> RunAsync(string file, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["LANDFALL_FAULT"] = "";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {limit}");
        }
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Exit code and output of one run.</summary>
    public sealed record Outcome(int Code, string Stdout, string Stderr)
    {
        public string Text => $"exit {Code}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";

        public JsonElement Json()
        {
            using var doc = JsonDocument.Parse(Stdout);
            return doc.RootElement.Clone();
        }
    }
}
