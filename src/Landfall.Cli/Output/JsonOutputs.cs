using Landfall.Verification;

namespace Landfall.Cli.Output;

/// <summary>The --json form of report.</summary>
internal sealed record ReportOutput(string Out, long Bytes, DateOnly From, DateOnly To, int Sources, int Dates, int Manifests,
    DateOnly? CompleteThrough, Dictionary<string, int> Cells);

/// <summary>The --json form of verify.</summary>
internal sealed record VerifyOutput(int Manifests, int Objects, long Bytes, bool Ok, IReadOnlyList<VerifyProblem> Problems);
