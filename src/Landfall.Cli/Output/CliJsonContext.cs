using Landfall.Contracts;
using System.Text.Json.Serialization;
using Landfall.Checks;
using Landfall.Current;
using Landfall.Ledger;
using Landfall.Manifests;
using Landfall.Planning;
using Landfall.Reconcile;
using Landfall.Runs;
using Landfall.Status;

namespace Landfall.Cli.Output;

/// <summary>
/// Serialization code for every --json output, generated at build time so that the natively compiled CLI needs no reflection.
/// Its options are those of <see cref="Formats.Json"/>, which uses it.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(ManifestFormat.DateConverter), typeof(ManifestFormat.InstantConverter)])]
[JsonSerializable(typeof(IReadOnlyList<RunResult>))]
[JsonSerializable(typeof(IReadOnlyList<HistoryEntry>))]
[JsonSerializable(typeof(PlanResult))]
[JsonSerializable(typeof(IReadOnlyList<CheckResult>))]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(VerifyOutput))]
[JsonSerializable(typeof(ValidateOutput))]
[JsonSerializable(typeof(ReportOutput))]
[JsonSerializable(typeof(ReconcileReport))]
[JsonSerializable(typeof(CurrentEntry))]
[JsonSerializable(typeof(ExportOutput))]
[JsonSerializable(typeof(IndexReport))]
[JsonSerializable(typeof(SchemaHistory))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
