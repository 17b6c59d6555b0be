using Landfall.Lake;
using Landfall.Ledger;
using Landfall.Manifests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Landfall.Testing;

/// <summary>
/// The manifest services of the library over one lake, the way the tests look at a lake: the run's own reads (the manifests
/// themselves), the read side's ledger, and the writer.
/// </summary>
internal sealed class TestManifests
{
    public TestManifests(ILake lake, ILogger? logger = null, TimeProvider? time = null)
    {
        var log = logger ?? NullLogger.Instance;
        Reads = new ManifestReads(new ManifestCatalog(lake), log, time ?? TimeProvider.System);
        Ledger = new LedgerReader(Reads, new LedgerIndexStore(lake, log), log);
        Writer = new ManifestWriter(lake, log);
    }

    public ManifestReads Reads { get; }

    public LedgerReader Ledger { get; }

    public ManifestWriter Writer { get; }

    public LedgerIndexStore Indexes => Ledger.Indexes;

    public Task<ManifestRead?> LatestAsync(string source, DateOnly date, CancellationToken cancellationToken) =>
        Reads.LatestAsync(source, date, cancellationToken);

    public Task<IReadOnlyList<ManifestRead>> AllAsync(string source, DateOnly date, CancellationToken cancellationToken) =>
        Reads.AllAsync(source, date, cancellationToken);

    public Task<DateOnly?> LatestSuccessfulDateAsync(string source, CancellationToken cancellationToken) =>
        Reads.LatestSuccessfulDateAsync(source, cancellationToken);

    public Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken cancellationToken) => Ledger.ListSourcesAsync(cancellationToken);

    public Task<string> WriteAsync(Manifest manifest, CancellationToken cancellationToken) => Writer.WriteAsync(manifest, cancellationToken);
}
