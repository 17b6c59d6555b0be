using System.Security.Cryptography;
using Landfall.Lake.Local;
using Landfall.Manifests;
using Landfall.Testing;
using Landfall.Verification;
using ParquetSharp;

namespace Landfall.Tests.Verification;

/// <summary>What verify checks beyond size and hash: Parquet row counts against the manifest.</summary>
public sealed class VerifierTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("landfall-verify-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(3, false)]
    [InlineData(5, true)]
    public async Task Parquet_row_counts_are_checked_against_the_manifest(long recordedRows, bool mismatch)
    {
        var lake = new LocalFolderLake(_root);
        var file = Path.Combine(_root, "tmp.parquet");
        using (var writer = new ParquetFileWriter(file, [new Column<long>("id")]))
        {
            using var rowGroup = writer.AppendRowGroup();
            using var column = rowGroup.NextColumn().LogicalWriter<long>();
            column.WriteBatch([1, 2, 3]);
            writer.Close();
        }
        var bytes = await File.ReadAllBytesAsync(file);
        File.Delete(file);
        const string key = "bronze/source=pg/entity=t/ingest_date=2026-01-01/run_id=r1/part-0.parquet";
        await lake.PutAsync(key, new MemoryStream(bytes), "application/octet-stream", CancellationToken.None);
        var store = new TestManifests(lake);
        await store.WriteAsync(new Manifest
        {
            Source = "pg",
            Env = "test",
            RunId = "r1",
            IngestDate = "2026-01-01",
            Status = ManifestStatus.Success,
            StartedAt = DateTimeOffset.UtcNow,
            EndedAt = DateTimeOffset.UtcNow,
            Outputs = new()
            {
                ["t"] = new EntityOutput
                {
                    Objects = [new OutputObject { Key = key, Bytes = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), Rows = recordedRows }],
                    Totals = new EntityTotals(1, bytes.Length, recordedRows),
                },
            },
        }, CancellationToken.None);

        var report = await new Verifier(store.Ledger).VerifyAsync(["pg"], null, null, CancellationToken.None);

        Assert.Equal(1, report.Objects);
        if (mismatch)
        {
            var problem = Assert.Single(report.Problems);
            Assert.Equal("rows", problem.Check);
            Assert.Equal("5", problem.Expected);
            Assert.Equal("3", problem.Actual);
        }
        else
        {
            Assert.Empty(report.Problems);
        }
    }
}
