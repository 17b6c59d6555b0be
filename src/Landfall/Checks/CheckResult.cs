namespace Landfall.Checks;

/// <summary>One thing a check found about one source.</summary>
/// <param name="Source">Source name.</param>
/// <param name="Subject">What was checked (connection, host_key, an entity name, ...).</param>
/// <param name="Status">ok, warning or error.</param>
/// <param name="Detail">What was seen, in words a user can act on; never a secret.</param>
public sealed record CheckResult(string Source, string Subject, Sources.CheckStatus Status, string Detail);
