using System.Security.Cryptography;
using System.Text.Json;
using Landfall.IntegrationTests.Sources.Sftp;

namespace Landfall.IntegrationTests.Native;

/// <summary>The natively compiled CLI against a real sshd: check, a settled drop, an empty date, verify.</summary>
[Collection(SshdCollection.Name)]
public sealed class NativeSftpTests(SshdServer server)
{
    [Fact]
    public async Task The_native_CLI_checks_ingests_and_verifies_an_sftp_drop_as_the_managed_CLI_does()
    {
        using var native = new SftpWorld(server);
        using var managed = new SftpWorld(server);
        var files = new Dictionary<string, byte[]>
        {
            ["big.bin"] = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 5),
            ["with space ü.csv"] = "id\n1\n"u8.ToArray(),
        };
        foreach (var (name, content) in files)
        {
            native.Drop(name, content);
            managed.Drop(name, content);
        }
        native.WriteConfig();

        var check = await NativeCli.RunAsync(native.Folder, "check", "--config", native.ConfigPath, "--json");
        Assert.True(check.Code == 0, check.Text);
        var hostKey = check.Json().EnumerateArray().Single(f => f.GetProperty("subject").GetString() == "host_key");
        Assert.Equal("ok", hostKey.GetProperty("status").GetString());
        Assert.Contains(server.HostKeyEd25519, hostKey.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var run = await NativeCli.RunAsync(native.Folder, "run", "--config", native.ConfigPath, "--date", "2026-01-01", "--json");
        Assert.True(run.Code == 0, run.Text);
        var manifest = Manifest(native, run.Json()[0]);
        var reference = await managed.RunAsync();
        Assert.Equal("success", manifest.GetProperty("status").GetString());
        Assert.Equal(NativeCli.Shape(reference.Manifest), NativeCli.Shape(manifest));
        var objects = manifest.GetProperty("outputs").GetProperty("items").GetProperty("objects").EnumerateArray().ToList();
        Assert.Equal(files.Count, objects.Count);
        foreach (var obj in objects)
        {
            var content = files[Path.GetFileName(obj.GetProperty("source_path").GetString()!)];
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), obj.GetProperty("sha256").GetString());
            Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(native.Lake.Root, obj.GetProperty("key").GetString()!)));
        }

        // The next date has no file, long past its deadline: a late manifest that says what is missing, and a non-zero exit.
        var empty = await NativeCli.RunAsync(native.Folder, "run", "--config", native.ConfigPath, "--date", "2026-01-02", "--json");
        Assert.NotEqual(0, empty.Code);
        var failed = Manifest(native, empty.Json()[0]);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("late", failed.GetProperty("errors")[0].GetProperty("type").GetString());
        Assert.StartsWith("no_files_yet: ", failed.GetProperty("errors")[0].GetProperty("message").GetString());

        // The success is what a second run reads: it skips without connecting.
        var again = await NativeCli.RunAsync(native.Folder, "run", "--config", native.ConfigPath, "--date", "2026-01-01", "--json");
        Assert.True(again.Code == 0, again.Text);
        Assert.Equal("skipped", again.Json()[0].GetProperty("status").GetString());

        var verify = await NativeCli.RunAsync(native.Folder, "verify", "--config", native.ConfigPath, "--json");
        Assert.True(verify.Code == 0, verify.Text);
        Assert.Equal(2, verify.Json().GetProperty("objects").GetInt32());
        Assert.True(verify.Json().GetProperty("ok").GetBoolean(), verify.Text);
    }

    private static JsonElement Manifest(SftpWorld world, JsonElement result)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(world.Lake.Root, result.GetProperty("manifest_key").GetString()!)));
        return doc.RootElement.Clone();
    }
}
