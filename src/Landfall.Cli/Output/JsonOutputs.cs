using Landfall.Verification;

namespace Landfall.Cli.Output;

/// <summary>The --json form of report.</summary>
internal sealed record ReportOutput(string Out, long Bytes, DateOnly From, DateOnly To, int Sources, int Dates, int Manifests,
    DateOnly? CompleteThrough, Dictionary<string, int> Cells);

/// <summary>The --json form of verify.</summary>
internal sealed record VerifyOutput(int Manifests, int Objects, long Bytes, bool Ok, IReadOnlyList<VerifyProblem> Problems,
    IReadOnlyList<string> Warnings);

/// <summary>The --json form of validate.</summary>
internal sealed record ValidateOutput(string File, bool Valid, string Env, string Lake, IReadOnlyList<ValidatedSource> Sources,
    IReadOnlyList<string> Warnings);

/// <summary>One source in the --json form of validate.</summary>
internal sealed record ValidatedSource(string Name, string Kind, DateOnly StartDate, IReadOnlyList<string> Entities);

/// <summary><c>landfall export --json</c>: where the object table went and how many rows it holds.</summary>
internal sealed record ExportOutput(string Out, long Bytes, long Rows);
