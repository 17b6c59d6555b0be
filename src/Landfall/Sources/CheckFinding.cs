using Microsoft.Extensions.Logging;

namespace Landfall.Sources;

/// <summary>One thing <c>landfall check</c> found about a source.</summary>
/// <param name="Subject">What was checked (connection, host_key, entity name, ...).</param>
/// <param name="Status">ok, warning or error.</param>
/// <param name="Detail">What was seen, in words a user can act on; never a secret.</param>
public sealed record CheckFinding(string Subject, CheckStatus Status, string Detail)
{
    /// <summary>A finding that is fine.</summary>
    public static CheckFinding Ok(string subject, string detail) => new(subject, CheckStatus.Ok, detail);

    /// <summary>A finding worth a look.</summary>
    public static CheckFinding Warning(string subject, string detail) => new(subject, CheckStatus.Warning, detail);

    /// <summary>A finding that will make runs fail.</summary>
    public static CheckFinding Error(string subject, string detail) => new(subject, CheckStatus.Error, detail);
}

/// <summary>What a check is about.</summary>
/// <param name="Dates">The business dates to count matching objects for (the source's next date, today).</param>
/// <param name="Logger">Logger.</param>
/// <param name="Time">The clock.</param>
public sealed record SourceCheckContext(IReadOnlyList<DateOnly> Dates, ILogger Logger, TimeProvider Time);
