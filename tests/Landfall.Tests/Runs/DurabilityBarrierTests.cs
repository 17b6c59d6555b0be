using Landfall.Lake.Local;
using Landfall.Manifests;
using Landfall.Runs;
using Landfall.Testing;

namespace Landfall.Tests.Runs;

/// <summary>
/// The durability barrier: objects are put with deferred durability, and the runner flushes the lake before it puts any
/// manifest, so a manifest never names an object that a crash of the machine could still take away.
/// </summary>
public sealed class DurabilityBarrierTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("landfall-barrier-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Objects_are_put_deferred_and_the_lake_is_flushed_before_the_success_manifest_is_put()
    {
        var lake = new CountingLake(new LocalFolderLake(_root));
        using var world = new TestWorld(lake, $"lake:\n  kind: local\n  path: {_root}\n", ["alpha"]);
        world.Drop("alpha", TestWorld.D(1), "part-1.csv");
        world.Drop("alpha", TestWorld.D(1), "part-2.csv");

        var result = Assert.Single(await world.Runner().RunDateAsync(TestWorld.D(1), new RunOptions(), CancellationToken.None));

        Assert.Equal(RunStatus.Success, result.Status);
        var events = lake.Events;
        var data = events.Where(e => e.EndsWith(".csv", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, data.Count);
        Assert.All(data, e => Assert.StartsWith("put deferred ", e, StringComparison.Ordinal));
        // Everything else (claims, the manifest) is a control object, durable when its put returns.
        Assert.All(events.Where(e => e.StartsWith("put ", StringComparison.Ordinal)).Except(data),
            e => Assert.StartsWith("put immediate ", e, StringComparison.Ordinal));
        var flushed = events.ToList().IndexOf("flushed");
        var manifest = events.ToList().IndexOf($"put immediate {result.ManifestKey}");
        Assert.True(flushed >= 0 && manifest > flushed, string.Join("\n", events));
        Assert.All(data, e => Assert.True(events.ToList().IndexOf(e) < flushed));
    }

    [Fact]
    public async Task A_failed_run_also_flushes_before_its_failed_manifest_is_put()
    {
        var lake = new CountingLake(new LocalFolderLake(_root));
        using var world = new TestWorld(lake, $"lake:\n  kind: local\n  path: {_root}\n", ["alpha"]);

        // No file for the date: the run fails with no_files_yet and records a failed manifest.
        var result = Assert.Single(await world.Runner().RunDateAsync(TestWorld.D(1), new RunOptions(), CancellationToken.None));

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.NotNull(result.ManifestKey);
        var events = lake.Events.ToList();
        var flushed = events.IndexOf("flushed");
        Assert.True(flushed >= 0 && events.IndexOf($"put immediate {result.ManifestKey}") > flushed, string.Join("\n", events));
        var manifest = await world.Store().LatestAsync("alpha", TestWorld.D(1), CancellationToken.None);
        Assert.Equal(ManifestStatus.Failed, manifest!.Status);
    }
}
