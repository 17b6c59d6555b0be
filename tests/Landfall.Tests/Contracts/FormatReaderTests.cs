using System.IO.Compression;
using Landfall.Contracts;
using Landfall.FileFormats;
using Landfall.Testing;
using Encoding = System.Text.Encoding;

namespace Landfall.Tests.Contracts;

/// <summary>The format readers, fed the bytes in chunks as a stream passes them.</summary>
public sealed class FormatReaderTests
{
    private static ObjectSchema Read(SchemaSniffer sniffer, byte[] bytes, int chunk)
    {
        for (var at = 0; at < bytes.Length; at += chunk)
        {
            sniffer.Observe(bytes.AsSpan(at, Math.Min(chunk, bytes.Length - at)));
        }
        var result = sniffer.Complete();
        sniffer.Dispose();
        return result;
    }

    private static SchemaSniffer Csv(int maxHeader = 1 << 20, FormatCompression compression = FormatCompression.Auto) =>
        new FileFormat { Kind = FormatKind.Csv, MaxHeaderBytes = maxHeader, Compression = compression }.NewSniffer()!;

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Csv_reads_the_header_and_counts_records_outside_quotes_whatever_the_chunks(int chunk)
    {
        var text = "\uFEFFid,\"name, full\",\"say \"\"hi\"\"\"\r\n1,\"a\nb\",x\r\n\r\n2,c,y";

        var read = Read(Csv(), Encoding.UTF8.GetBytes(text), chunk);

        Assert.Equal(["id", "name, full", "say \"hi\""], read.Schema!.Columns.Select(c => c.Name));
        Assert.Equal(2, read.Rows);
    }

    [Fact]
    public void A_header_longer_than_the_cap_is_not_read_and_the_evidence_says_so()
    {
        var read = Read(Csv(maxHeader: 1024), Encoding.UTF8.GetBytes(new string('a', 5000) + "\n1\n2\n"), 300);

        Assert.Null(read.Schema);
        Assert.StartsWith("header_too_long: the first line is longer than max_header_bytes (1024 bytes)", read.Problem);
        Assert.Equal(2, read.Rows);
    }

    [Fact]
    public void A_header_without_a_newline_is_read_and_noted_and_an_empty_object_has_no_schema()
    {
        var headerOnly = Read(Csv(), "a;b"u8.ToArray(), 2);
        var empty = Read(Csv(), [], 1);

        Assert.Equal(["a;b"], headerOnly.Schema!.Columns.Select(c => c.Name));
        Assert.Contains("without a newline", Assert.Single(headerOnly.Notes));
        Assert.True(empty.Empty);
        Assert.Null(empty.Schema);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(333)]
    public void Gzip_csv_is_detected_by_its_magic_bytes_and_read_through_concatenated_members(int chunk)
    {
        var gz = Gzip("id,amount\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i},{i * 2}\n"))).Concat(Gzip("5000,1\n")).ToArray();

        var read = Read(Csv(), gz, chunk);

        Assert.Equal("gzip", read.Compression);
        Assert.Equal(["id", "amount"], read.Schema!.Columns.Select(c => c.Name));
        Assert.Equal(5001, read.Rows);
    }

    [Fact]
    public void Forced_gzip_on_plain_bytes_is_a_problem_not_a_crash()
    {
        var read = Read(Csv(compression: FormatCompression.Gzip), "id\n1\n"u8.ToArray(), 2);

        Assert.Null(read.Schema);
        Assert.StartsWith("not_gzip", read.Problem);
    }

    [Fact]
    public void Json_lines_give_top_level_keys_with_their_json_types_nulls_matching_any_type()
    {
        var text = "{\"id\":1,\"tags\":[\"a\"],\"who\":{\"n\":1},\"note\":null}\n\n{\"id\":2,\"amount\":\"3.5\",\"note\":null}\n{\"id\":\"x\"}\n";
        var sniffer = new FileFormat { Kind = FormatKind.Jsonl, SampleLines = 2 }.NewSniffer()!;

        var read = Read(sniffer, Encoding.UTF8.GetBytes(text), 5);

        Assert.Equal([("id", "number"), ("tags", "array"), ("who", "object"), ("note", "null"), ("amount", "string")],
            read.Schema!.Columns.Select(c => (c.Name, c.Type!)));
        Assert.Equal(3, read.Rows);
        Assert.Contains("first 2 of 3 lines", Assert.Single(read.Notes));
        Assert.True(SchemaDiff.SameType("null", "string"));
        Assert.Equal("retyped 'amount' from string to number", SchemaDiff.Between(read.Schema,
            new DataSchema("jsonl", [new("id", "number"), new("tags", "array"), new("who", "object"), new("note", "string"), new("amount", "number")])).Describe());
    }

    [Fact]
    public void A_line_that_is_not_a_json_object_makes_the_object_unreadable()
    {
        var read = Read(new FileFormat { Kind = FormatKind.Jsonl }.NewSniffer()!, "[1,2]\n"u8.ToArray(), 3);

        Assert.StartsWith("not_json_lines: line 1 is not a JSON object", read.Problem);
    }

    [Theory]
    [InlineData(1 << 20, 64 * 1024)]
    [InlineData(4096, 1000)]
    public void Parquet_schema_and_rows_come_from_the_footer_kept_from_the_tail_of_the_stream(int window, int chunk)
    {
        var bytes = TestParquet.File(rows: 3000);

        var read = Read(new FileFormat { Kind = FormatKind.Parquet, MaxFooterBytes = window }.NewSniffer()!, bytes, chunk);

        Assert.Null(read.Problem);
        Assert.Equal(3000, read.Rows);
        Assert.Equal([("id", "INT64 (INT(64,signed))"), ("name", "BYTE_ARRAY (STRING)"), ("day", "INT32 (DATE)"), ("price", "FIXED_LEN_BYTE_ARRAY(16) (DECIMAL(29,3))")],
            read.Schema!.Columns.Select(c => (c.Name, c.Type!)));
    }

    [Fact]
    public void A_parquet_footer_larger_than_the_window_or_a_file_that_is_not_parquet_is_named()
    {
        var tooLarge = Read(new FileFormat { Kind = FormatKind.Parquet, MaxFooterBytes = 1024 }.NewSniffer()!, TestParquet.File(10, columns: 60), 500);
        var notParquet = Read(new FileFormat { Kind = FormatKind.Parquet }.NewSniffer()!, "id,amount\n1,2\n"u8.ToArray(), 4);

        Assert.StartsWith("footer_too_large", tooLarge.Problem);
        Assert.StartsWith("not_parquet", notParquet.Problem);
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(text));
        }
        return output.ToArray();
    }
}
