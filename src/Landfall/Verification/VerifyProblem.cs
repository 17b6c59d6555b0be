namespace Landfall.Verification;

/// <summary>One object that does not match what its manifest recorded.</summary>
/// <param name="Source">Source name.</param>
/// <param name="IngestDate">Business date.</param>
/// <param name="RunId">The run whose manifest references the object.</param>
/// <param name="Key">The object's key.</param>
/// <param name="Check">missing, size, sha256, etag, rows, outputs_unreadable or object_outside_run_prefix.</param>
/// <param name="Expected">What the manifest recorded.</param>
/// <param name="Actual">What the lake holds.</param>
public sealed record VerifyProblem(string Source, DateOnly IngestDate, string RunId, string Key, string Check, string? Expected, string? Actual)
{
    /// <summary>The key of the manifest that names the object.</summary>
    public string? Manifest { get; init; }
}

/// <summary>The outcome of a verification.</summary>
/// <param name="Manifests">Successful latest manifests checked.</param>
/// <param name="Objects">Objects checked.</param>
/// <param name="Bytes">Bytes re-read.</param>
/// <param name="Problems">Every mismatch found; empty when everything matches.</param>
/// <param name="Warnings">What is odd but not a mismatch: a latest manifest whose LastModified is ahead of this host's clock.</param>
public sealed record VerifyReport(int Manifests, int Objects, long Bytes, IReadOnlyList<VerifyProblem> Problems, IReadOnlyList<string> Warnings);
