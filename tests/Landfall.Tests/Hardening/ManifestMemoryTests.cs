using System.Globalization;
using Landfall.Lake.Local;
using Landfall.Layout;
using Landfall.Testing;

namespace Landfall.Tests.Hardening;

/// <summary>
/// Issue 27: a 200 MB object placed as the latest manifest of a date made <c>status</c> peak at 1.1 GB and <c>run</c> at 1.74 GB. With
/// the cap (schedule.max_manifest_mib, default 64) it is never read: the real CLI's peak resident memory (VmHWM) stays near its
/// baseline. Measured on the process, not timed.
/// </summary>
public sealed class ManifestMemoryTests : IDisposable
{
    /// <summary>Far below the 1.1 GB seen before the cap, and far above the CLI's own ~100 MB baseline.</summary>
    private const long MaxPeakBytes = 400L * 1024 * 1024;

    private readonly string _lakeRoot = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
    private readonly TestWorld _world;

    public ManifestMemoryTests() =>
        _world = new TestWorld(new LocalFolderLake(_lakeRoot), $"lake:\n  kind: local\n  path: {_lakeRoot}\n", ["alpha"]);

    public void Dispose()
    {
        _world.Dispose();
        Directory.Delete(_lakeRoot, recursive: true);
    }

    [Fact]
    public async Task A_200_MB_latest_manifest_costs_status_and_run_no_more_memory_than_the_cap()
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(1));
        Assert.Equal(0, (await _world.CliAsync("run", "--date", "2026-01-01")).ExitCode);
        var folder = Path.Combine(_lakeRoot, ManifestKeys.DatePrefix("alpha", TestWorld.D(1)).TrimEnd('/'));
        var success = Assert.Single(Directory.GetFiles(folder));
        var huge = Path.Combine(folder, "run_id=huge.json");
        await using (var file = File.Create(huge))
        {
            await file.WriteAsync("{\"status\": \"success\", \"padding\": \""u8.ToArray());
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'x');
            for (var i = 0; i < 200; i++)
            {
                await file.WriteAsync(chunk);
            }
            await file.WriteAsync("\"}"u8.ToArray());
        }
        File.SetLastWriteTimeUtc(huge, File.GetLastWriteTimeUtc(success).AddSeconds(1));

        var (status, statusPeak) = await PeakAsync("status", "--config", _world.ConfigPath);
        var (run, runPeak) = await PeakAsync("run", "--date", "2026-01-01", "--config", _world.ConfigPath);

        Assert.Contains("manifest_too_large", status.Error, StringComparison.Ordinal);
        Assert.True(statusPeak < MaxPeakBytes, $"status peaked at {statusPeak / (1024 * 1024)} MiB");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("manifest_too_large", run.Error, StringComparison.Ordinal);
        Assert.True(runPeak < MaxPeakBytes, $"run peaked at {runPeak / (1024 * 1024)} MiB");
    }

    /// <summary>Runs the CLI and follows its peak resident set size (VmHWM only grows, so its last value is the peak).</summary>
    private static async Task<(CliOutcome Outcome, long PeakBytes)> PeakAsync(params string[] args)
    {
        using var process = LandfallProcess.Start(args);
        var waiting = process.WaitAsync(TimeSpan.FromMinutes(2));
        long peak = 0;
        while (!waiting.IsCompleted)
        {
            peak = Math.Max(peak, HighWaterMark(process.Pid));
            await Task.WhenAny(waiting, Task.Delay(5));
        }
        return (await waiting, peak);
    }

    private static long HighWaterMark(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process has just exited.
        }
        return 0;
    }
}
