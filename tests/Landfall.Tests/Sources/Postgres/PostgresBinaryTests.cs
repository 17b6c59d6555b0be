using System.Buffers.Binary;
using Landfall.Sources.Postgres;

namespace Landfall.Tests.Sources.Postgres;

/// <summary>Decoding of PostgreSQL's binary wire forms that the postgres source does itself (numeric, timestamp, date).</summary>
public sealed class PostgresBinaryTests
{
    [Theory]
    [InlineData(1, 0x0000, 4, new ushort[] { 1, 2345, 6789 }, 4, 9, "123456789")] // 12345.6789
    [InlineData(-1, 0x4000, 4, new ushort[] { 1 }, 4, 9, "-1")] // -0.0001
    [InlineData(0, 0x0000, 0, new ushort[0], 2, 12, "0")] // 0
    [InlineData(0, 0x0000, 2, new ushort[] { 1, 5000 }, 2, 12, "150")] // 1.50
    [InlineData(1, 0x0000, 0, new ushort[] { 1 }, 0, 5, "10000")] // 10000, digits implied by the weight
    [InlineData(2, 0x4000, 2, new ushort[] { 99, 9999, 9999, 9900 }, 2, 12, "-999999999999")] // -9999999999.99
    [InlineData(4, 0x0000, 10, new ushort[] { 99, 9999, 9999, 9999, 9999, 9999, 9999, 9900 }, 10, 28,
        "9999999999999999999999999999")] // 999999999999999999.9999999999, DECIMAL(28,10)'s largest
    [InlineData(5, 0x0000, 10, new ushort[] { 1, 0, 0, 0, 0, 0, 0, 0, 0 }, 10, 28, "10000000000000000000000000000000")] // 10^20: too wide
    public void A_binary_numeric_becomes_its_exact_unscaled_value(int weight, int sign, int dscale, ushort[] digits, int scale, int precision, string expected)
    {
        var raw = Numeric(weight, sign, dscale, digits);
        if (expected.TrimStart('-').Length > precision)
        {
            Assert.Throws<OverflowException>(() => PostgresWire.NumericUnscaled(raw, scale, precision));
            return;
        }
        Assert.Equal(Int128.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), PostgresWire.NumericUnscaled(raw, scale, precision));
    }

    [Fact]
    public void A_numeric_that_does_not_fit_the_decimal_type_is_refused_never_rounded()
    {
        // 10000 does not fit DECIMAL(4,0); 0.001 has more places than DECIMAL(9,2).
        Assert.Throws<OverflowException>(() => PostgresWire.NumericUnscaled(Numeric(1, 0, 0, [1]), 0, 4));
        Assert.Throws<OverflowException>(() => PostgresWire.NumericUnscaled(Numeric(-1, 0, 3, [10]), 2, 9));
        Assert.Throws<InvalidCastException>(() => PostgresWire.NumericUnscaled(Numeric(0, 0xC000, 0, []), 2, 9)); // NaN
        Assert.Throws<InvalidCastException>(() => PostgresWire.NumericUnscaled(Numeric(0, 0xD000, 0, []), 2, 9)); // Infinity
    }

    [Fact]
    public void Timestamps_keep_year_one_distinct_from_minus_infinity()
    {
        const long year1 = -63_082_281_600_000_000; // 0001-01-01 00:00 in microseconds since 2000-01-01
        Assert.Equal(long.MaxValue, PostgresWire.TimestampMicros(long.MaxValue));
        Assert.Equal(-long.MaxValue, PostgresWire.TimestampMicros(long.MinValue));
        Assert.Equal(-62_135_596_800_000_000, PostgresWire.TimestampMicros(year1));
        Assert.Equal(0, PostgresWire.TimestampMicros(-PostgresWire.PostgresEpochMicros));
        Assert.Throws<OverflowException>(() => PostgresWire.TimestampMicros(long.MaxValue - 1));
    }

    [Fact]
    public void Dates_become_days_since_1970_with_infinity_as_int32_max_and_minus_max()
    {
        Assert.Equal(0, PostgresWire.DateDays(-PostgresWire.PostgresEpochDays));
        Assert.Equal(PostgresWire.PostgresEpochDays, PostgresWire.DateDays(0));
        Assert.Equal(int.MaxValue, PostgresWire.DateDays(int.MaxValue));
        Assert.Equal(-int.MaxValue, PostgresWire.DateDays(int.MinValue));
    }

    private static byte[] Numeric(int weight, int sign, int dscale, ushort[] digits)
    {
        var raw = new byte[8 + (2 * digits.Length)];
        BinaryPrimitives.WriteInt16BigEndian(raw, (short)digits.Length);
        BinaryPrimitives.WriteInt16BigEndian(raw.AsSpan(2), (short)weight);
        BinaryPrimitives.WriteUInt16BigEndian(raw.AsSpan(4), (ushort)sign);
        BinaryPrimitives.WriteInt16BigEndian(raw.AsSpan(6), (short)dscale);
        for (var i = 0; i < digits.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(raw.AsSpan(8 + (2 * i)), digits[i]);
        }
        return raw;
    }
}
