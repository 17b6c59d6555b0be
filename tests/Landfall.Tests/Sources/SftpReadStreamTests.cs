using Landfall.Sources;
using Landfall.Sources.Sftp;
using Microsoft.Extensions.Time.Testing;

namespace Landfall.Tests.Sources;

public sealed class SftpReadStreamTests
{
    private static readonly SftpSettings Settings = new() { Host = "example.org", Username = "u", Password = "p" };

    [Fact]
    public async Task Reading_ends_at_the_listed_size_without_asking_the_server_for_its_end_of_file()
    {
        var source = new CountingStream(new byte[100]);
        await using var stream = new SftpReadStream(source, Settings, "/drop/a.bin", listedSize: 60, TimeProvider.System);

        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 32);

        Assert.Equal(60, copy.Length);
        Assert.Equal(60, source.Position);
        Assert.Equal(0, source.ReadsAfterListedSize);
    }

    [Fact]
    public async Task A_file_shorter_than_listed_ends_early_so_the_caller_sees_the_difference()
    {
        await using var stream = new SftpReadStream(new MemoryStream(new byte[10]), Settings, "/drop/a.bin", listedSize: 60, TimeProvider.System);

        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(10, copy.Length);
    }

    [Fact]
    public async Task A_read_that_brings_no_byte_within_operation_timeout_fails_as_a_transient_timeout_even_when_the_inner_read_ignores_cancellation()
    {
        var time = new FakeTimeProvider();
        var settings = new SftpSettings { Host = "example.org", Username = "u", Password = "p", OperationTimeout = TimeSpan.FromSeconds(60) };
        await using var stream = new SftpReadStream(new StalledStream(), settings, "/drop/a.bin", listedSize: 60, time);

        var read = stream.ReadAsync(new byte[10]).AsTask();
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(read.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<SourceException>(() => read);
        Assert.Equal("timeout", error.Reason);
        Assert.True(error.IsTransient);
        Assert.Contains("operation_timeout", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A connection that stopped: its reads never complete and ignore cancellation, as a half-open socket's.</summary>
    private sealed class StalledStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(new TaskCompletionSource<int>().Task);
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
