using System.Text.Json.Serialization;
using Landfall.Cli.Commands;
using Landfall.Runs;

namespace Landfall.Cli.Output;

/// <summary>
/// Serialization code for every --json output, generated at build time so that the natively compiled CLI needs no reflection.
/// Its options are those of <see cref="Formats.Json"/>, which uses it.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(Formats.DateOnlyConverter), typeof(Formats.InstantConverter)])]
[JsonSerializable(typeof(List<RunResult>))]
[JsonSerializable(typeof(List<HistoryCommand.HistoryEntry>))]
[JsonSerializable(typeof(PlanCommand.PlanOutput))]
[JsonSerializable(typeof(List<CheckCommand.CheckRow>))]
[JsonSerializable(typeof(StatusCommand.StatusOutput))]
[JsonSerializable(typeof(VerifyCommand.VerifyOutput))]
[JsonSerializable(typeof(ReportCommand.ReportOutput))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
