using System.Diagnostics;
using Landfall.Layout;

namespace Landfall.Claims;

/// <summary>What a claim object says about the run that wrote it.</summary>
internal sealed record ClaimBody(string RunId, string Source, string IngestDate, string Host, int Pid, DateTimeOffset? ProcessStartedAt,
    DateTimeOffset CreatedAt)
{
    public static ClaimBody ForThisProcess(string source, DateOnly date, string runId, DateTimeOffset now)
    {
        using var process = Process.GetCurrentProcess();
        return new ClaimBody(runId, source, ManifestKeys.FormatDate(date), HostIdentity.Current, Environment.ProcessId,
            new DateTimeOffset(process.StartTime.ToUniversalTime()), now);
    }

    /// <summary>
    /// True when the claiming process ran on this host (<see cref="HostIdentity"/>) and is gone (or its pid now belongs to another
    /// process).
    /// </summary>
    public bool IsDeadProcessOnThisHost()
    {
        if (!string.Equals(Host, HostIdentity.Current, StringComparison.Ordinal))
        {
            return false;
        }
        try
        {
            using var process = Process.GetProcessById(Pid);
            if (process.HasExited)
            {
                return true;
            }
            var started = new DateTimeOffset(process.StartTime.ToUniversalTime());
            // Same pid, another process start: the claimant is gone and its pid was reused (or this is a restarted container).
            return ProcessStartedAt is { } recorded && Math.Abs((started - recorded).TotalSeconds) > 1;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
