using System.Text.Json;
using Landfall.IntegrationTests.S3;
using Landfall.IntegrationTests.Sources.S3;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Native;

/// <summary>
/// The natively compiled CLI against a real S3 server (Swift s3api): server-side copies into an S3 lake, with the manifest the
/// managed CLI writes, and status, plan and history saying exactly what the managed CLI says about the same lake.
/// </summary>
[Collection(S3Collection.Name)]
public sealed class NativeS3Tests(S3Server server)
{
    [Fact]
    public async Task The_native_CLI_copies_server_side_and_reports_like_the_managed_CLI()
    {
        await using var native = new S3SourceWorld(server);
        await using var managed = new S3SourceWorld(server);
        var multipart = new byte[6 * 1024 * 1024 + 3];
        Random.Shared.NextBytes(multipart);
        foreach (var world in new[] { native, managed })
        {
            await world.CreateBucketAsync();
            await world.PutAsync(S3SourceWorld.DatePrefix + "a.csv", "id\n1\n");
            await world.PutAsync(S3SourceWorld.DatePrefix + "b.csv", "id\n2\n");
            await world.PutMultipartAsync(S3SourceWorld.DatePrefix + "big.csv", multipart, 5 * 1024 * 1024);
        }
        var folder = Path.GetDirectoryName(native.ConfigPath)!;

        var run = await NativeCli.RunAsync(folder, "run", "--config", native.ConfigPath, "--date", "2026-01-10", "--json");
        Assert.True(run.Code == 0, run.Text);
        var reference = await managed.RunAsync();
        S3SourceWorld.AssertSuccess(reference);

        var manifest = await LatestAsync(native);
        var expected = await LatestAsync(managed);
        Assert.Equal("success", manifest.GetProperty("status").GetString());
        Assert.Equal(NativeCli.Shape(expected), NativeCli.Shape(manifest));
        var objects = manifest.GetProperty("outputs").GetProperty("exports").GetProperty("objects").EnumerateArray().ToList();
        Assert.Equal(["a.csv", "b.csv", "big.csv"], objects.Select(o => Path.GetFileName(o.GetProperty("source_key").GetString()!)));
        Assert.All(objects, o => Assert.StartsWith("server_side", o.GetProperty("copy_method").GetString(), StringComparison.Ordinal));
        Assert.True(objects[0].GetProperty("etag_verified").GetBoolean());
        Assert.Equal("multipart", objects[2].GetProperty("etag_kind").GetString());
        Assert.Equal(multipart, await native.ReadLakeAsync(objects[2].GetProperty("key").GetString()!));

        // Same lake, same answers: the read-only commands of both builds print the same JSON.
        foreach (var command in new[] { "status", "plan", "history --source partner" })
        {
            string[] args = [.. command.Split(' '), "--config", native.ConfigPath, "--json"];
            var fromNative = await NativeCli.RunAsync(folder, args);
            var fromManaged = await NativeCli.RunManagedAsync(folder, args);
            Assert.True(fromNative.Code == 0, fromNative.Text);
            Assert.True(fromManaged.Code == 0, fromManaged.Text);
            Assert.Equal(fromManaged.Stdout, fromNative.Stdout);
        }

        var verify = await NativeCli.RunAsync(folder, "verify", "--config", native.ConfigPath, "--json");
        Assert.True(verify.Code == 0, verify.Text);
        Assert.True(verify.Json().GetProperty("ok").GetBoolean(), verify.Text);
        Assert.Equal(3, verify.Json().GetProperty("objects").GetInt32());
    }

    private static async Task<JsonElement> LatestAsync(S3SourceWorld world)
    {
        var latest = await new TestManifests(world.Lake).LatestAsync("partner", S3SourceWorld.Date, CancellationToken.None);
        Assert.NotNull(latest?.Root);
        return latest!.Root!.Value.Clone();
    }
}
