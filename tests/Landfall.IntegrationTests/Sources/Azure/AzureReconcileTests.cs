using Landfall.IntegrationTests.Azure;
using Landfall.Reconcile;
using Landfall.Runs;
using static Landfall.IntegrationTests.Sources.Azure.AzureSourceWorld;

namespace Landfall.IntegrationTests.Sources.Azure;

/// <summary>
/// Reconcile of an azure_blob source against Azurite, into the Azure lake: a blob rewritten in place (a new ETag, the same size), one
/// added and one removed after the date succeeded, found from the listing alone; apply re-ingests the date.
/// </summary>
[Collection(AzureCollection.Name)]
public sealed class AzureReconcileTests(AzureServer server)
{
    private static ReconcileRequest OneDate(bool apply = false) => new() { From = Date, To = Date, Apply = apply };

    [Fact]
    public async Task Blobs_rewritten_added_and_removed_after_a_success_are_drift_and_apply_reingests_them()
    {
        await using var world = new AzureSourceWorld(server, await server.NewContainerAsync());
        await world.PutAsync(DatePrefix + "a.csv", "id\n1\n");
        await world.PutAsync(DatePrefix + "b.csv", "id\n2\n");
        await world.PutAsync(DatePrefix + "gone.csv", "id\n4\n");
        var first = await world.RunAsync();
        AssertSuccess(first);
        var recorded = (await world.ManifestAsync(first)).Outputs["exports"].Objects.Single(o => o.SourcePath!.EndsWith("a.csv", StringComparison.Ordinal));
        var overwrite = await world.PutAsync(DatePrefix + "a.csv", "id\n9\n");
        await world.PutAsync(DatePrefix + "c.csv", "id\n3\n");
        await world.SourceContainer.DeleteBlobAsync(DatePrefix + "gone.csv");

        var found = await world.Host().ReconcileAsync(OneDate(), CancellationToken.None);

        var result = Assert.Single(found.Results);
        Assert.Equal(ReconcileStatus.Drift, result.Status);
        var path = $"{server.AccountUrl}/{world.SourceContainer.Name}/{DatePrefix}";
        var changed = Assert.Single(result.Changes, c => c.Change == DriftChangeKind.Changed);
        Assert.Equal(path + "a.csv", changed.SourcePath);
        Assert.Equal([DriftField.Etag], changed.Fields);
        Assert.Equal(Str(recorded, "source_etag"), changed.Before!.ETag);
        Assert.Equal(overwrite.ETag.ToString().Trim('"'), changed.After!.ETag);
        Assert.Equal(path + "c.csv", Assert.Single(result.Changes, c => c.Change == DriftChangeKind.Added).SourcePath);
        Assert.Equal(path + "gone.csv", Assert.Single(result.Changes, c => c.Change == DriftChangeKind.Removed).SourcePath);

        var applied = await world.Host().ReconcileAsync(OneDate(apply: true), CancellationToken.None);

        var reingest = Assert.Single(applied.Results).Reingest!;
        Assert.True(reingest.Status == RunStatus.Success, string.Join("; ", reingest.Errors.Select(e => e.Message)));
        Assert.Equal(first.RunId, reingest.Supersedes);
        var landed = (await world.ManifestAsync(reingest)).Outputs["exports"].Objects;
        Assert.Equal(3, landed.Count);
        Assert.Equal("id\n9\n", System.Text.Encoding.UTF8.GetString(await world.ReadLakeAsync(landed.Single(o => o.SourcePath!.EndsWith("a.csv", StringComparison.Ordinal)).Key)));
        // The first run's copy is still there, untouched: nothing is overwritten.
        Assert.Equal("id\n1\n", System.Text.Encoding.UTF8.GetString(await world.ReadLakeAsync(recorded.Key)));

        var again = await world.Host().ReconcileAsync(OneDate(), CancellationToken.None);

        Assert.True(Assert.Single(again.Results).Status == ReconcileStatus.NoDrift, string.Join("; ", again.Results[0].Changes));
    }
}
