using Landfall.Planning;
using Landfall.Sources;

namespace Landfall.Checks;

/// <summary>
/// Connects to every selected source and reports what it sees for the source's next business date and today, reading no data and
/// writing nothing.
/// </summary>
internal sealed class SourceChecker(Workspace workspace, DatePlanner planner)
{
    public async Task<IReadOnlyList<CheckResult>> CheckAsync(CheckRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sources = workspace.Select(request.Sources);
        var plan = await planner.NextAsync(sources, cancellationToken).ConfigureAwait(false);
        var today = workspace.Schedule.Today(workspace.Time.GetUtcNow());
        var logger = workspace.LoggerFactory.CreateLogger("Landfall.Check");
        var results = new List<CheckResult>();
        foreach (var source in sources)
        {
            var next = plan.Sources.First(p => p.Source == source.Name).NextDate;
            var context = new SourceCheckContext(next == today ? [next] : [next, today], logger, workspace.Time);
            IReadOnlyList<CheckFinding> findings;
            try
            {
                findings = await source.CheckAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException && Failures.IsRecordable(e))
            {
                findings = [CheckFinding.Error("check", e.Message)];
            }
            results.AddRange(findings.Select(f => new CheckResult(source.Name, f.Subject, f.Status, f.Detail)));
        }
        return results;
    }
}
