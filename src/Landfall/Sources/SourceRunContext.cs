using Microsoft.Extensions.Logging;

namespace Landfall.Sources;

/// <summary>What a source knows about the run it serves.</summary>
/// <param name="Source">The source name.</param>
/// <param name="IngestDate">The business date.</param>
/// <param name="RunId">The run id.</param>
/// <param name="Logger">Logger scoped to the run.</param>
/// <param name="Time">The clock.</param>
public sealed record SourceRunContext(string Source, DateOnly IngestDate, string RunId, ILogger Logger, TimeProvider Time);
