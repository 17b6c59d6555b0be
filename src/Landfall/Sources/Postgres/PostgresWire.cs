using System.Buffers.Binary;
using System.Globalization;

namespace Landfall.Sources.Postgres;

/// <summary>
/// PostgreSQL's binary wire forms, decoded: timestamps and dates from its 2000-01-01 epoch, numerics from base-10000 digits.
/// Exact or refused: a value that cannot be written faithfully throws.
/// </summary>
internal static class PostgresWire
{
    /// <summary>Microseconds between PostgreSQL's epoch (2000-01-01) and the Unix epoch.</summary>
    public const long PostgresEpochMicros = 946_684_800_000_000;

    /// <summary>Days between PostgreSQL's epoch (2000-01-01) and the Unix epoch.</summary>
    public const int PostgresEpochDays = 10_957;

    /// <summary>
    /// A PostgreSQL timestamp / timestamptz (binary: microseconds since 2000-01-01, ±infinity as int64 max / min) as microseconds
    /// since 1970-01-01. infinity is long.MaxValue and -infinity -long.MaxValue (DuckDB reads them as ±infinity); every real instant
    /// stays strictly between them, 0001-01-01 included. Instants so late that they would reach the sentinel (after
    /// 294247-01-10) are refused.
    /// </summary>
    public static long TimestampMicros(long postgres)
    {
        if (postgres == long.MaxValue)
        {
            return long.MaxValue;
        }
        if (postgres == long.MinValue)
        {
            return -long.MaxValue;
        }
        if (postgres >= long.MaxValue - PostgresEpochMicros)
        {
            throw new OverflowException("the timestamp is too late to be written as int64 microseconds since 1970 next to +infinity");
        }
        return postgres + PostgresEpochMicros;
    }

    /// <summary>A PostgreSQL date (binary: days since 2000-01-01, ±infinity as int32 max / min) as days since 1970-01-01; ±infinity as int32 max / −max.</summary>
    public static int DateDays(int postgres) => postgres switch
    {
        int.MaxValue => int.MaxValue,
        int.MinValue => -int.MaxValue,
        _ => postgres + PostgresEpochDays, // PostgreSQL's last date (5874897-12-31) is far from int32 max: no overflow, no collision.
    };

    /// <summary>
    /// The unscaled value of a PostgreSQL binary numeric at <paramref name="scale"/> decimal places, exact or refused: base-10000
    /// digits, a weight (power of 10000 of the first digit), a sign word and the display scale.
    /// </summary>
    public static Int128 NumericUnscaled(ReadOnlySpan<byte> raw, int scale, int precision)
    {
        if (raw.Length < 8)
        {
            throw new InvalidCastException("a numeric value shorter than its header");
        }
        int digits = BinaryPrimitives.ReadInt16BigEndian(raw);
        int weight = BinaryPrimitives.ReadInt16BigEndian(raw[2..]);
        var sign = BinaryPrimitives.ReadUInt16BigEndian(raw[4..]);
        if (sign is not (0x0000 or 0x4000))
        {
            throw new InvalidCastException(sign switch
            {
                0xC000 => "NaN cannot be a Parquet DECIMAL",
                0xD000 or 0xF000 => "an infinite numeric cannot be a Parquet DECIMAL",
                _ => "an unknown numeric sign",
            });
        }
        if (raw.Length != 8 + (2 * digits))
        {
            throw new InvalidCastException("a numeric value whose length does not match its digit count");
        }
        Int128 value = 0;
        for (var i = 0; i < digits; i++)
        {
            if (value >= Pow10(MaxDigits - 4))
            {
                throw new OverflowException(Beyond(precision, scale));
            }
            value = (value * 10_000) + BinaryPrimitives.ReadUInt16BigEndian(raw[(8 + (2 * i))..]);
        }
        // value * 10000^(weight + 1 - digits) is the number; times 10^scale is the unscaled value.
        var exponent = scale + (4 * (weight + 1 - digits));
        if (value != 0 && exponent > 0)
        {
            if (exponent >= precision || value >= Pow10(precision - exponent))
            {
                throw new OverflowException(Beyond(precision, scale));
            }
            value *= Pow10(exponent);
        }
        else if (value != 0 && exponent < 0)
        {
            if (-exponent > MaxDigits)
            {
                throw new OverflowException($"the value has more than {scale} decimal places");
            }
            var quotient = Int128.DivRem(value, Pow10(-exponent));
            if (quotient.Remainder != 0)
            {
                throw new OverflowException($"the value has more than {scale} decimal places");
            }
            value = quotient.Quotient;
        }
        if (value >= Pow10(precision))
        {
            throw new OverflowException(Beyond(precision, scale));
        }
        return sign == 0x4000 ? -value : value;
    }

    private const int MaxDigits = 36;

    private static string Beyond(int precision, int scale) =>
        string.Create(CultureInfo.InvariantCulture, $"the value does not fit DECIMAL({precision},{scale})");

    private static readonly Int128[] Powers = BuildPowers();

    private static Int128[] BuildPowers()
    {
        var powers = new Int128[MaxDigits + 1];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }
        return powers;
    }

    private static Int128 Pow10(int exponent) => Powers[exponent];
}
