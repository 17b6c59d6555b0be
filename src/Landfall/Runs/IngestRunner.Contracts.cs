using System.Text.Json;
using System.Text.Json.Nodes;
using Landfall.Claims;
using Landfall.Contracts;
using Landfall.Manifests;
using Landfall.Sources;

namespace Landfall.Runs;

/// <summary>The runner's part of schema contracts and expectations: checked after every entity landed, before the manifest.</summary>
internal sealed partial class IngestRunner
{
    /// <summary>The manifest's top-level list of what the run accepted, by whom.</summary>
    private const string AcceptedField = "accepted";

    /// <summary>
    /// Checks the date's entities against their contracts: evidence goes into <paramref name="outputs"/>, a contract the date breaks into
    /// <paramref name="errors"/> (the date fails), a warning into the result. Earlier manifests that cannot be read fail the date: a success
    /// is never written without its contracts checked.
    /// </summary>
    private async Task<(List<ManifestError>? Warnings, List<JsonObject>? Accepted)> CheckContractsAsync(ISource source, DateOnly date, string runId,
        Dictionary<string, EntityOutput> outputs, List<ManifestError> errors, RunOptions options, CancellationToken cancellationToken)
    {
        var acceptance = options.AcceptSchema || options.AcceptExpectations
            ? new ContractAcceptance(options.AcceptSchema, options.AcceptExpectations, options.AcceptedBy ?? $"{Environment.UserName}@{HostIdentity.Current}")
            : ContractAcceptance.None;
        var run = new ContractRun(source.Name, date, runId, _logger, _time.GetUtcNow());
        ContractVerdict verdict;
        try
        {
            verdict = await new ContractEvaluator(_manifests).EvaluateAsync(run, outputs, _workspace.ContractsOf(source.Name), acceptance, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is LandfallException or IOException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            ContractLog.HistoryFailed(_logger, source.Name, run.Day, e.Message, runId, e);
            errors.Add(e is OperationCanceledException
                ? RunErrors.ToError(null, e, cancellationToken)
                : new ManifestError(null, "contract_check_failed",
                    $"The earlier manifests the contracts compare with could not be read ({e.Message}); no success is recorded without its " +
                    "contracts checked. The next run redoes the date."));
            return (null, null);
        }
        foreach (var (entity, output) in verdict.Outputs)
        {
            outputs[entity] = output;
        }
        errors.AddRange(verdict.Errors);
        return (verdict.Warnings.Count > 0 ? verdict.Warnings : null, verdict.Accepted.Count > 0 ? verdict.Accepted : null);
    }

    /// <summary>The manifest's extra fields with the <c>accepted</c> list added, when the run accepted anything.</summary>
    /// <summary><paramref name="extra"/> with the record of the extraction's attempts, when it took more than one (issue 27).</summary>
    private static Dictionary<string, JsonElement>? WithAttempts(Dictionary<string, JsonElement>? extra, ExtractionOutcome outcome)
    {
        if (outcome.AttemptFields is not { } attempts)
        {
            return extra;
        }
        var fields = extra ?? [];
        foreach (var (name, value) in attempts)
        {
            fields[name] = value;
        }
        return fields;
    }

    private static Dictionary<string, JsonElement>? WithAccepted(Dictionary<string, JsonElement>? extra, List<JsonObject>? accepted)
    {
        if (accepted is null)
        {
            return extra;
        }
        var fields = extra ?? [];
        fields[AcceptedField] = ManifestFormat.Fact(new JsonArray([.. accepted]));
        return fields;
    }
}
