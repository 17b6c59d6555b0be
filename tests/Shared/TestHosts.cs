using Landfall.Hosting;
using Landfall.Lake;
using Landfall.Runs;
using Microsoft.Extensions.Logging;

namespace Landfall.Testing;

/// <summary>Hosts built the way an embedder builds them, over a test's own lake, logs and clock.</summary>
internal static class TestHosts
{
    public static LandfallHost Host(LandfallConfig config, ILake lake, ILoggerFactory logs, TimeProvider time) =>
        LandfallHost.CreateBuilder().UseConfig(config).UseLake(lake).UseLoggerFactory(logs).UseTimeProvider(time).Build();

    public static IngestRunner Runner(LandfallConfig config, ILake lake, ILoggerFactory logs, TimeProvider time) =>
        Host(config, lake, logs, time).Runner;
}
