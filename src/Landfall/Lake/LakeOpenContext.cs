using Microsoft.Extensions.Logging;

namespace Landfall.Lake;

/// <summary>What a lake is opened with.</summary>
/// <param name="Logger">The lake's logger (retries, ignored objects).</param>
/// <param name="Time">The clock (backoff, deadlines).</param>
public sealed record LakeOpenContext(ILogger Logger, TimeProvider Time);
