using Landfall.Lake;
using Landfall.Lake.Local;
using Landfall.Testing;

namespace Landfall.Tests.Ledger;

/// <summary>The ledger index over the local-folder lake, where ties in LastModified are made by setting the files' times.</summary>
public sealed class LocalFolderLedgerIndexTests : LedgerIndexSuite
{
    protected override int Iterations => 25;

    protected override (ILake Lake, string Yaml) CreateLake() => TemporaryLakes.Create();

    protected override void SetLastModified(ILake lake, string key, DateTimeOffset lastModified) =>
        File.SetLastWriteTimeUtc(Path.Combine(((LocalFolderLake)lake).Root, key), lastModified.UtcDateTime);
}
