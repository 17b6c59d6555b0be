using System.Security.Cryptography;
using Landfall.Hosting;
using Landfall.IntegrationTests.S3;
using Landfall.Lake;
using Landfall.Lake.S3;
using Landfall.Runs;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Sources.Sftp;

/// <summary>From the real sshd into the real S3-compatible lake: a file larger than a part streams as a multipart upload.</summary>
[Collection(SshdCollection.Name)]
public sealed class SftpToS3Tests(SshdServer server, S3Server s3) : IClassFixture<S3Server>
{
    [Fact]
    public async Task A_file_larger_than_one_part_streams_from_sftp_into_a_multipart_upload_with_its_sha256()
    {
        using var world = new SftpWorld(server);
        var data = RandomNumberGenerator.GetBytes(11 * 1024 * 1024 + 3);
        world.Drop("big.bin", data);
        world.WriteConfig();
        var settings = s3.NewLakeSettings() with { PartSizeMiB = 5 };
        using var lake = new S3Lake(settings);
        var config = ConfigLoader.Load(world.ConfigPath);

        var result = Assert.Single(await TestHosts.Runner(config, lake, new CapturingLoggerProvider(), TimeProvider.System)
            .RunDateAsync(SftpWorld.Day, new RunOptions(), CancellationToken.None));

        Assert.Equal(RunStatus.Success, result.Status);
        var key = $"bronze/source=partner/entity=items/ingest_date=2026-01-01/run_id={result.RunId}/big.bin";
        var head = await lake.HeadAsync(key, CancellationToken.None);
        Assert.Equal(data.Length, head!.Size);
        Assert.EndsWith("-3", head.ETag); // 5 + 5 + 1 MiB parts
        await using var read = await lake.OpenReadAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(copy.ToArray()));
        var manifest = System.Text.Json.JsonDocument.Parse(await lake.ReadSmallAsync(result.ManifestKey!, 1 << 20, CancellationToken.None));
        var obj = manifest.RootElement.GetProperty("outputs").GetProperty("items").GetProperty("objects")[0];
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), obj.GetProperty("sha256").GetString());
    }
}
