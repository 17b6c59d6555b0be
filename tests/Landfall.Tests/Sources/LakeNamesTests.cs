using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Landfall.Lake;
using Landfall.Lake.Local;
using Landfall.Layout;
using Landfall.Runs;
using Landfall.Testing;

namespace Landfall.Tests.Sources;

/// <summary>Hostile names from sources become lake keys that are valid, stay inside their prefix and decode back.</summary>
public sealed class LakeNamesTests
{
    private const string Prefix = "bronze/source=alpha/entity=items/ingest_date=2026-01-01/run_id=r1/";

    /// <summary>Tokens names are built from: separators, dots, escapes, controls, look-alikes and non-ASCII text.</summary>
    private static readonly string[] Hostile =
    [
        "a", "Z", "0", "-", "_", ".", "..", "...", "/", "//", "\\", " ", "\t", "\n", "\r", "\0", "\u007f", "\u0085", "\u009f",
        "%", "%2F", "%2E", "%2e%2e", "%00", "%%", "%zz", "?", "#", "&", "+", "=", ":", ";", "*", "\"", "'", "<", ">", "|", "~", "@",
        "!", "$", "{", "}", "[", "]", "(", ")", ",", "`", "^",
        "é", "ü", "e\u0301", "ß", "İ", "日", "本", "データ", "\u0661", "\u200b", "\u200e", "\u202e", "\ufeff", "\u2028", "\u00a0",
        "\uff0f", "\u2215", "\uff0e", "\u2024", "😀", "\U0001F468\u200D\U0001F469\u200D\U0001F467", "𝔘", "\U0001F1EB\U0001F1F7", "../", "./", "/..", "/.",
    ];

    private static void AssertSafeAndReversible(string name)
    {
        var expected = name.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (expected.Length == 0)
        {
            Assert.Throws<ArgumentException>(() => LakeNames.EncodeRelativePath(name));
            return;
        }
        var encoded = LakeNames.EncodeRelativePath(name);
        var key = Prefix + encoded;
        LakeKey.Validate(key);
        var segments = encoded.Split('/');
        Assert.Equal(expected.Length, segments.Length);
        foreach (var segment in segments)
        {
            Assert.NotEqual("", segment);
            Assert.NotEqual(".", segment);
            Assert.NotEqual("..", segment);
            Assert.DoesNotContain('\\', segment);
            var kept = segment.FirstOrDefault(c => char.IsControl(c) || char.IsWhiteSpace(c));
            Assert.True(kept == default, $"'{LakeKey.Printable(segment)}' keeps U+{(int)kept:X4}");
        }
        // Inside the prefix, whatever a file system or an S3 console makes of it.
        var root = Path.Combine(Path.GetTempPath(), "lake-root");
        Assert.StartsWith(Path.Combine(root, Prefix), Path.GetFullPath(Path.Combine(root, key)));
        if (segments.Any(x => x.Contains('~', StringComparison.Ordinal)))
        {
            // Too long to keep whole: shortened with a hash (the manifest's source_path keeps the original).
            Assert.All(segments, x => Assert.True(Encoding.UTF8.GetByteCount(x) <= LakeNames.MaxSegmentBytes, x));
            return;
        }
        Assert.Equal(string.Join('/', expected), LakeNames.Decode(encoded));
        for (var i = 0; i < segments.Length; i++)
        {
            Assert.Equal(expected[i], LakeNames.Decode(segments[i]));
        }
    }

    [Theory]
    [InlineData("a b.csv", "a%20b.csv")]
    [InlineData("é.csv", "é.csv")]
    [InlineData("日本/データ.csv", "日本/データ.csv")]
    [InlineData("😀.csv", "%F0%9F%98%80.csv")]
    [InlineData("..", "%2E%2E")]
    [InlineData(".", "%2E")]
    [InlineData("../../etc/passwd", "%2E%2E/%2E%2E/etc/passwd")]
    [InlineData("/etc/passwd", "etc/passwd")]
    [InlineData("a//b/", "a/b")]
    [InlineData("a\\..\\b", "a%5C..%5Cb")]
    [InlineData("new\nline.csv", "new%0Aline.csv")]
    [InlineData("nul\0.csv", "nul%00.csv")]
    [InlineData("del\u007f.csv", "del%7F.csv")]
    [InlineData("100%.csv", "100%25.csv")]
    [InlineData("x%20y.csv", "x%2520y.csv")]
    [InlineData("what?.csv", "what%3F.csv")]
    [InlineData("#1.csv", "%231.csv")]
    [InlineData("..data.csv", "..data.csv")]
    public void Hostile_names_encode_to_safe_keys_that_decode_back(string name, string expected)
    {
        Assert.Equal(expected, LakeNames.EncodeRelativePath(name));
        AssertSafeAndReversible(name);
    }

    [Fact]
    public void A_name_too_long_for_a_file_system_is_shortened_with_a_hash_and_stays_unique()
    {
        var a = LakeNames.EncodeSegment(new string('%', 200));
        var b = LakeNames.EncodeSegment(new string('%', 201));

        Assert.True(Encoding.UTF8.GetByteCount(a) <= LakeNames.MaxSegmentBytes);
        Assert.Contains('~', a);
        Assert.NotEqual(a, b);
        Assert.Equal("abc.csv", LakeNames.EncodeSegment("abc.csv"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("///")]
    public void A_name_with_no_segment_is_rejected(string name)
    {
        Assert.Throws<ArgumentException>(() => LakeNames.EncodeRelativePath(name));
    }

    [Fact]
    public void Very_long_names_stay_safe_and_reversible()
    {
        AssertSafeAndReversible(new string('x', 10_000));
        AssertSafeAndReversible(string.Concat(Enumerable.Repeat("日本 %/..", 2_000)));
        AssertSafeAndReversible(string.Concat(Enumerable.Repeat("😀", 5_000)));
    }

    [Fact]
    public void A_thousand_random_hostile_names_are_safe_reversible_and_distinct()
    {
        var random = new Random(1337);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 1000; i++)
        {
            var sb = new StringBuilder();
            var tokens = random.Next(10) == 0 ? random.Next(100, 400) : random.Next(1, 12);
            for (var t = 0; t < tokens; t++)
            {
                sb.Append(Hostile[random.Next(Hostile.Length)]);
            }
            var name = sb.ToString();
            AssertSafeAndReversible(name);
            var normal = string.Join('/', name.Split('/', StringSplitOptions.RemoveEmptyEntries));
            if (normal.Length == 0)
            {
                continue;
            }
            // Injective: two different names never share a key.
            var key = LakeNames.EncodeRelativePath(name);
            if (seen.TryGetValue(key, out var other))
            {
                Assert.Equal(other, normal);
            }
            seen[key] = normal;
        }
    }

    [Fact]
    public async Task Files_with_hostile_names_land_under_their_entity_prefix_with_source_path_and_sha256()
    {
        var root = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
        try
        {
            await IngestHostileFilesAsync(root);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task IngestHostileFilesAsync(string root)
    {
        using var world = new TestWorld(new LocalFolderLake(root), $"lake:\n  kind: local\n  path: {root}\n", ["alpha"]);
        string[] names = ["a b.csv", "ü.csv", "x%20y.csv", "..data.csv", "new\nline.csv"];
        var paths = names.ToDictionary(n => world.Drop("alpha", TestWorld.D(1), n, $"id,name\n1,{n.Replace('\n', ' ')}\n"), n => n);

        var result = Assert.Single(await world.Runner().RunDateAsync(TestWorld.D(1), new RunOptions(), CancellationToken.None));

        Assert.Equal(RunStatus.Success, result.Status);
        Assert.Equal(names.Length, result.Objects);
        var prefix = $"bronze/source=alpha/entity=items/ingest_date=2026-01-01/run_id={result.RunId}/";
        using var manifest = JsonDocument.Parse(await world.Lake.ReadSmallAsync(result.ManifestKey!, 1 << 20, CancellationToken.None));
        var objects = manifest.RootElement.GetProperty("outputs").GetProperty("items").GetProperty("objects").EnumerateArray().ToList();
        Assert.Equal(names.Length, objects.Count);
        foreach (var obj in objects)
        {
            var key = obj.GetProperty("key").GetString()!;
            var sourcePath = obj.GetProperty("source_path").GetString()!;
            Assert.True(paths.TryGetValue(sourcePath, out var name), $"source_path '{LakeKey.Printable(sourcePath)}' is not a dropped file");
            Assert.StartsWith(prefix, key);
            LakeKey.Validate(key);
            Assert.Equal(name, LakeNames.Decode(key[prefix.Length..]));
            var original = await File.ReadAllBytesAsync(sourcePath);
            var stored = await world.Lake.ReadSmallAsync(key, 1 << 20, CancellationToken.None);
            Assert.Equal(original, stored);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), obj.GetProperty("sha256").GetString());
            Assert.Equal(original.Length, obj.GetProperty("bytes").GetInt64());
        }
        // Nothing landed outside the run's prefix but the manifest and the run's claim objects.
        var all = await world.SnapshotAsync();
        Assert.All(all.Keys, k => Assert.True(
            k.StartsWith(prefix, StringComparison.Ordinal) || k == result.ManifestKey
                || (k.StartsWith("_claims/source=alpha/", StringComparison.Ordinal) && k.Contains(result.RunId, StringComparison.Ordinal)), k));
    }
}
