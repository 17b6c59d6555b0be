namespace Landfall.Contracts;

/// <summary>A fixed bound on what an entity lands for a date: <c>min_rows</c>, <c>max_rows</c>, <c>min_objects</c>, <c>min_bytes</c>.</summary>
/// <param name="Name">The key, as the evidence names it.</param>
/// <param name="Metric">What is measured.</param>
/// <param name="Bound">The bound.</param>
/// <param name="IsMinimum">True for a lower bound, false for an upper one.</param>
/// <param name="Level">Fail or warn.</param>
internal sealed record Expectation(string Name, ExpectationMetric Metric, long Bound, bool IsMinimum, ExpectationLevel Level)
{
    /// <summary>The fixed expectations, by key.</summary>
    public static IReadOnlyList<(string Key, ExpectationMetric Metric, bool IsMinimum)> Kinds { get; } =
    [
        ("min_rows", ExpectationMetric.Rows, true),
        ("max_rows", ExpectationMetric.Rows, false),
        ("min_objects", ExpectationMetric.Objects, true),
        ("min_bytes", ExpectationMetric.Bytes, true),
    ];

    /// <summary>Whether <paramref name="value"/> meets the bound.</summary>
    public bool Met(long value) => IsMinimum ? value >= Bound : value <= Bound;
}
