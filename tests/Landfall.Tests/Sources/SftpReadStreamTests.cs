using Landfall.Sources.Sftp;

namespace Landfall.Tests.Sources;

public sealed class SftpReadStreamTests
{
    private static readonly SftpSettings Settings = new() { Host = "example.org", Username = "u", Password = "p" };

    [Fact]
    public async Task Reading_ends_at_the_listed_size_without_asking_the_server_for_its_end_of_file()
    {
        var source = new CountingStream(new byte[100]);
        await using var stream = new SftpReadStream(source, Settings, "/drop/a.bin", listedSize: 60);

        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 32);

        Assert.Equal(60, copy.Length);
        Assert.Equal(60, source.Position);
        Assert.Equal(0, source.ReadsAfterListedSize);
    }

    [Fact]
    public async Task A_file_shorter_than_listed_ends_early_so_the_caller_sees_the_difference()
    {
        await using var stream = new SftpReadStream(new MemoryStream(new byte[10]), Settings, "/drop/a.bin", listedSize: 60);

        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(10, copy.Length);
    }

    private sealed class CountingStream(byte[] data) : MemoryStream(data)
    {
        public int ReadsAfterListedSize { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= 60)
            {
                ReadsAfterListedSize++;
            }
            return base.ReadAsync(buffer, cancellationToken);
        }
    }
}
