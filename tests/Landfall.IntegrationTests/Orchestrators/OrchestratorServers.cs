using Landfall.IntegrationTests.S3;
using Landfall.IntegrationTests.Sources.Postgres;
using Landfall.IntegrationTests.Sources.Sftp;

namespace Landfall.IntegrationTests.Orchestrators;

/// <summary>
/// What the scheduler tests share: the three source servers and the S3 lake server (the real ones test.sh starts), and the
/// natively compiled CLI that the jobs and containers run.
/// </summary>
public sealed class OrchestratorServers : IAsyncLifetime
{
    public S3Server S3 { get; } = new();

    public PostgresServer Postgres { get; } = new();

    public SshdServer Sshd { get; } = new();

    /// <summary>The native landfall (LANDFALL_NATIVE_CLI, or published once by the first test that needs it).</summary>
    public string NativeCli { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await S3.InitializeAsync();
        await Postgres.InitializeAsync();
        await Sshd.InitializeAsync();
        NativeCli = await Native.NativeCli.PathAsync();
    }

    public async Task DisposeAsync() => await S3.DisposeAsync();
}

/// <summary>
/// The scheduler tests run alone, after every other collection: they stop nodes, hold PostgreSQL locks for minutes and run
/// dozens of processes under an 8 s lease, so other tests' faults (sshd sessions killed, landfall backends terminated) must not
/// reach them, nor their load reach the other tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OrchestratorCollection : ICollectionFixture<OrchestratorServers>
{
    public const string Name = "orchestrators";
}
