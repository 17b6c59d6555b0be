using System.Text;
using Landfall.Lake;
using Landfall.Lake.Local;

namespace Landfall.Tests.Lake;

/// <summary>The local-folder lake: create-only puts, atomic visibility, S3-like listings.</summary>
public sealed class LocalFolderLakeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
    private readonly LocalFolderLake _lake;

    public LocalFolderLakeTests() => _lake = new LocalFolderLake(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<LakeObjectInfo> PutAsync(string key, string content) => PutAsync(_lake, key, content);

    private static Task<LakeObjectInfo> PutAsync(LocalFolderLake lake, string key, string content) =>
        lake.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(content)), "text/plain", CancellationToken.None);

    private async Task<string> ReadAsync(string key) =>
        Encoding.UTF8.GetString(await _lake.ReadSmallAsync(key, 1 << 26, CancellationToken.None));

    private async Task<List<string>> AllKeysAsync(string prefix = "")
    {
        var keys = new List<string>();
        await foreach (var obj in _lake.ListObjectsAsync(prefix, CancellationToken.None))
        {
            keys.Add(obj.Key);
        }
        return keys;
    }

    private List<string> FilesOnDisk() =>
        Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_root, f)).ToList();

    [Fact]
    public async Task A_deferred_put_is_visible_at_once_never_overwrites_and_a_flush_makes_it_durable()
    {
        await _lake.PutAsync("d1/d2/a.bin", new MemoryStream(Encoding.UTF8.GetBytes("deferred")), "text/plain", LakeDurability.Deferred,
            CancellationToken.None);

        Assert.Equal("deferred", await ReadAsync("d1/d2/a.bin"));
        await Assert.ThrowsAsync<LakeKeyExistsException>(() => _lake.PutAsync("d1/d2/a.bin", new MemoryStream([1, 2]), "text/plain",
            LakeDurability.Deferred, CancellationToken.None));
        await _lake.FlushAsync(CancellationToken.None);
        Assert.Equal("deferred", await ReadAsync("d1/d2/a.bin"));
        Assert.Equal(["d1/d2/a.bin"], FilesOnDisk().Select(f => f.Replace(Path.DirectorySeparatorChar, '/')));
    }

    [Fact]
    public async Task A_flush_of_many_deferred_objects_in_several_folders_leaves_each_whole()
    {
        var contents = Enumerable.Range(0, 150).ToDictionary(i => $"f{i % 3}/o{i}.bin", i => Encoding.UTF8.GetBytes($"object {i}"));
        foreach (var (key, content) in contents)
        {
            await _lake.PutAsync(key, new MemoryStream(content), "text/plain", LakeDurability.Deferred, CancellationToken.None);
        }

        await _lake.FlushAsync(CancellationToken.None);

        foreach (var (key, content) in contents)
        {
            Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(_root, key)));
        }
        if (OperatingSystem.IsLinux())
        {
            Assert.True(FileSync.FileSystem(_root));
            var missing = Assert.Throws<IOException>(() => FileSync.FileSystem(Path.Combine(_root, "nowhere")));
            Assert.Contains("open('", missing.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(LakeDurability.Deferred)]
    [InlineData(LakeDurability.Immediate)]
    public async Task An_object_larger_than_the_early_writeback_chunk_lands_whole(LakeDurability durability)
    {
        // 8 MiB chunks are handed to the disk while the object streams in; the bytes that land must be exactly those put.
        var content = new byte[(20 << 20) + 12345];
        new Random(7).NextBytes(content);

        var info = await _lake.PutAsync("big/a.bin", new MemoryStream(content), "application/octet-stream", durability, CancellationToken.None);
        await _lake.FlushAsync(CancellationToken.None);

        Assert.Equal(content.Length, info.Size);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(_root, "big", "a.bin")));
    }

    [Theory]
    [InlineData(1)] // fsync per object and folder
    [InlineData(100)] // many objects: one syncfs per folder's file system (Linux)
    public async Task A_flush_that_fails_keeps_its_objects_pending_until_a_flush_succeeds(int objects)
    {
        for (var i = 0; i < objects; i++)
        {
            await _lake.PutAsync($"p/q/r{i}.bin", new MemoryStream([1, 2, 3]), "application/octet-stream", LakeDurability.Deferred,
                CancellationToken.None);
        }
        var folder = Path.Combine(_root, "p", "q");
        Directory.Move(folder, folder + "-away");

        await Assert.ThrowsAsync<LakeException>(() => _lake.FlushAsync(CancellationToken.None));
        // Still pending: a second flush must not report durable what the first could not sync.
        await Assert.ThrowsAsync<LakeException>(() => _lake.FlushAsync(CancellationToken.None));

        Directory.Move(folder + "-away", folder);
        await _lake.FlushAsync(CancellationToken.None);
        await _lake.FlushAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_put_never_overwrites_and_the_first_content_stays_intact()
    {
        var first = await PutAsync("a/b/c.txt", "first");

        var e = await Assert.ThrowsAsync<LakeKeyExistsException>(() => PutAsync("a/b/c.txt", "second, longer content"));

        Assert.Equal("a/b/c.txt", e.Key);
        Assert.Equal("first", await ReadAsync("a/b/c.txt"));
        var head = await _lake.HeadAsync("a/b/c.txt", CancellationToken.None);
        Assert.Equal(first, head);
        Assert.Equal(["a/b/c.txt"], FilesOnDisk());
    }

    [Fact]
    public async Task Eight_concurrent_puts_of_one_key_give_exactly_one_winner_whose_content_is_whole()
    {
        const int Writers = 8;
        var contents = Enumerable.Range(0, Writers)
            .Select(i => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"writer {i};", 50_000))))
            .ToArray();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var puts = Enumerable.Range(0, Writers).Select(async i =>
        {
            await gate.Task;
            // Every writer gets past the existence check before any finishes: the race is on the final move.
            return await _lake.PutAsync("race/key.bin", new SlowStream(contents[i], TimeSpan.FromMilliseconds(200)), "application/octet-stream",
                CancellationToken.None);
        }).ToList();
        gate.SetResult();

        var outcomes = new List<(int Writer, Exception? Error)>();
        for (var i = 0; i < Writers; i++)
        {
            outcomes.Add((i, await Record.ExceptionAsync(() => puts[i])));
        }

        var winner = Assert.Single(outcomes, o => o.Error is null);
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.IsType<LakeKeyExistsException>(o.Error));
        var stored = await _lake.ReadSmallAsync("race/key.bin", 1 << 26, CancellationToken.None);
        Assert.Equal(contents[winner.Writer], stored);
        Assert.Equal(stored.Length, (await puts[winner.Writer]).Size);
        Assert.Equal(["race/key.bin"], await AllKeysAsync());
        Assert.Equal([Path.Combine("race", "key.bin")], FilesOnDisk());
    }

    [Fact]
    public async Task A_put_whose_stream_fails_midway_leaves_no_object_and_no_visible_temp_file()
    {
        var stream = new FailingStream(failAfter: 3 * 1024 * 1024);

        await Assert.ThrowsAnyAsync<Exception>(() => _lake.PutAsync("x/y/z.bin", stream, "application/octet-stream", CancellationToken.None));

        Assert.True(stream.Position > 0, "the stream was never read");
        Assert.Null(await _lake.HeadAsync("x/y/z.bin", CancellationToken.None));
        Assert.Empty(await AllKeysAsync());
        var page = await _lake.ListPageAsync("", "/", null, CancellationToken.None);
        Assert.Empty(page.Objects);
        Assert.Empty(page.CommonPrefixes);
        Assert.Empty(FilesOnDisk());
        // The key is still free.
        await PutAsync("x/y/z.bin", "retry");
        Assert.Equal("retry", await ReadAsync("x/y/z.bin"));
    }

    [Fact]
    public async Task A_cancelled_put_leaves_no_object()
    {
        using var cts = new CancellationTokenSource();
        var stream = new FailingStream(failAfter: long.MaxValue, onRead: read =>
        {
            if (read > 1024 * 1024)
            {
                cts.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _lake.PutAsync("c/d.bin", stream, "application/octet-stream", cts.Token));

        Assert.Null(await _lake.HeadAsync("c/d.bin", CancellationToken.None));
        Assert.Empty(await AllKeysAsync());
        Assert.Empty(FilesOnDisk());
    }

    [Fact]
    public async Task A_temp_file_left_by_a_crash_is_invisible_to_listings()
    {
        await PutAsync("t/real.txt", "x");
        Directory.CreateDirectory(Path.Combine(_root, "t", "only-temp"));
        await File.WriteAllTextAsync(Path.Combine(_root, "t", ".landfall-tmp-0123456789abcdef"), "torn");
        await File.WriteAllTextAsync(Path.Combine(_root, "t", "only-temp", ".landfall-tmp-fedcba9876543210"), "torn");

        Assert.Equal(["t/real.txt"], await AllKeysAsync());
        var page = await _lake.ListPageAsync("t/", "/", null, CancellationToken.None);
        Assert.Equal(["t/real.txt"], page.Objects.Select(o => o.Key));
        Assert.Empty(page.CommonPrefixes);
    }

    [Fact]
    public async Task Listing_with_a_delimiter_gives_common_prefixes_like_s3()
    {
        await PutAsync("d/a.txt", "1");
        await PutAsync("d/sub1/x.txt", "2");
        await PutAsync("d/sub2/deeper/y.txt", "3"); // sub2 holds only a sub-folder
        await PutAsync("d/sub10.txt", "4");
        await PutAsync("e/other.txt", "5");
        Directory.CreateDirectory(Path.Combine(_root, "d", "empty"));
        Directory.CreateDirectory(Path.Combine(_root, "d", "empty-tree", "a", "b"));

        var page = await _lake.ListPageAsync("d/", "/", null, CancellationToken.None);
        Assert.Equal(["d/a.txt", "d/sub10.txt"], page.Objects.Select(o => o.Key));
        Assert.Equal(["d/sub1/", "d/sub2/"], page.CommonPrefixes);
        Assert.Null(page.NextContinuationToken);

        // A prefix that ends mid-name, as S3 allows.
        page = await _lake.ListPageAsync("d/sub", "/", null, CancellationToken.None);
        Assert.Equal(["d/sub10.txt"], page.Objects.Select(o => o.Key));
        Assert.Equal(["d/sub1/", "d/sub2/"], page.CommonPrefixes);

        page = await _lake.ListPageAsync("", "/", null, CancellationToken.None);
        Assert.Empty(page.Objects);
        Assert.Equal(["d/", "e/"], page.CommonPrefixes);

        page = await _lake.ListPageAsync("d/sub2/", "/", null, CancellationToken.None);
        Assert.Empty(page.Objects);
        Assert.Equal(["d/sub2/deeper/"], page.CommonPrefixes);

        page = await _lake.ListPageAsync("nothing/here/", "/", null, CancellationToken.None);
        Assert.Empty(page.Objects);
        Assert.Empty(page.CommonPrefixes);

        Assert.Equal(["d/a.txt", "d/sub1/x.txt", "d/sub10.txt", "d/sub2/deeper/y.txt"], await AllKeysAsync("d/"));
    }

    [Fact]
    public async Task Pages_of_ten_over_95_keys_return_every_key_once_in_ordinal_order()
    {
        var lake = new LocalFolderLake(_root) { PageSize = 10 };
        var random = new Random(95);
        string[] shapes = ["p/{0:D2}", "p/x/{0}", "p/x-{0}", "p/X{0}", "p/x0{0}", "p/é{0}", "p/_/{0}/z", "p/A.{0}"];
        var keys = Enumerable.Range(0, 95).Select(i => string.Format(shapes[i % shapes.Length], i)).ToList();
        foreach (var key in keys.OrderBy(_ => random.Next()))
        {
            await PutAsync(lake, key, key);
        }
        await PutAsync(lake, "q/outside", "not listed");
        var expected = keys.Order(StringComparer.Ordinal).ToList();

        var listed = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await lake.ListPageAsync("p/", null, token, CancellationToken.None);
            Assert.InRange(page.Objects.Count, 1, 10);
            Assert.Empty(page.CommonPrefixes);
            listed.AddRange(page.Objects.Select(o => o.Key));
            token = page.NextContinuationToken;
            pages++;
        }
        while (token is not null && pages < 100);

        Assert.Equal(10, pages);
        Assert.Equal(expected, listed);
        Assert.Equal(listed.Count, listed.Distinct().Count());
        var all = new List<string>();
        await foreach (var obj in lake.ListObjectsAsync("p/", CancellationToken.None))
        {
            all.Add(obj.Key);
        }
        Assert.Equal(expected, all);
    }

    [Fact]
    public async Task Pages_of_common_prefixes_return_every_prefix_once()
    {
        var lake = new LocalFolderLake(_root) { PageSize = 10 };
        var expected = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            await PutAsync(lake, $"m/ingest_date=2026-01-{i + 1:D2}/run.json", "{}");
            expected.Add($"m/ingest_date=2026-01-{i + 1:D2}/");
        }
        var prefixes = new List<string>();
        await foreach (var p in lake.ListCommonPrefixesAsync("m/", CancellationToken.None))
        {
            prefixes.Add(p);
        }
        Assert.Equal(expected, prefixes);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("a/..")]
    [InlineData("./a.txt")]
    [InlineData("a/./b.txt")]
    [InlineData("/etc/escape.txt")]
    [InlineData("a//b.txt")]
    [InlineData("a\\..\\..\\escape.txt")]
    [InlineData("a/b\n.txt")]
    [InlineData("a/b\0.txt")]
    [InlineData("")]
    public async Task Keys_that_could_escape_the_root_are_rejected_by_every_operation(string key)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => PutAsync(key, "x"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _lake.HeadAsync(key, CancellationToken.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _lake.OpenReadAsync(key, CancellationToken.None));
        Assert.Empty(FilesOnDisk());
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_root)!, "escape.txt")));
    }

    [Theory]
    [InlineData("../")]
    [InlineData("a/../../")]
    [InlineData("/etc/")]
    public async Task Listing_prefixes_that_could_escape_the_root_are_rejected(string prefix)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _lake.ListPageAsync(prefix, "/", null, CancellationToken.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _lake.ListPageAsync(prefix, null, null, CancellationToken.None));
    }

    [Fact]
    public async Task Last_modified_has_sub_second_precision()
    {
        var a = await PutAsync("lm/a.txt", "a");
        await Task.Delay(10);
        var b = await PutAsync("lm/b.txt", "b");

        Assert.True(b.LastModified > a.LastModified, $"{a.LastModified:O} then {b.LastModified:O}");
        Assert.True(b.LastModified - a.LastModified < TimeSpan.FromSeconds(5));
        Assert.Equal(a.LastModified, (await _lake.HeadAsync("lm/a.txt", CancellationToken.None))!.LastModified);
        Assert.Equal(b.LastModified, (await _lake.HeadAsync("lm/b.txt", CancellationToken.None))!.LastModified);
        var listed = new Dictionary<string, DateTimeOffset>();
        await foreach (var obj in _lake.ListObjectsAsync("lm/", CancellationToken.None))
        {
            listed[obj.Key] = obj.LastModified;
        }
        Assert.Equal(a.LastModified, listed["lm/a.txt"]);
        Assert.Equal(b.LastModified, listed["lm/b.txt"]);
        Assert.Equal(TimeSpan.Zero, a.LastModified.Offset);
    }

    /// <summary>Waits once before its first byte, then reads a buffer.</summary>
    private sealed class SlowStream(byte[] data, TimeSpan firstDelay) : Stream
    {
        private readonly MemoryStream _inner = new(data, writable: false);
        private bool _waited;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _inner.Length;
        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_waited)
            {
                _waited = true;
                await Task.Delay(firstDelay, cancellationToken);
            }
            return await _inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>An endless stream of bytes that throws an IOException after <c>failAfter</c> bytes.</summary>
    private sealed class FailingStream(long failAfter, Action<long>? onRead = null) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= failAfter)
            {
                throw new IOException("the source connection dropped");
            }
            var n = (int)Math.Min(buffer.Length, Math.Min(64 * 1024, failAfter - _position));
            buffer[..n].Fill((byte)'z');
            _position += n;
            onRead?.Invoke(_position);
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
