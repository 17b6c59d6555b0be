namespace Landfall.Contracts;

/// <summary>A column whose type changed.</summary>
/// <param name="Name">The column.</param>
/// <param name="From">Its type before.</param>
/// <param name="To">Its type now.</param>
public sealed record ColumnRetype(string Name, string? From, string? To);
