namespace Landfall.Contracts;

/// <summary>What a run was told to accept (<c>run --accept-schema</c>, <c>--accept-expectations</c>), and by whom.</summary>
/// <param name="Schema">Accept a schema change of any entity of the date.</param>
/// <param name="Expectations">Accept expectations that are not met.</param>
/// <param name="By">Who accepted (recorded in the manifest).</param>
internal sealed record ContractAcceptance(bool Schema, bool Expectations, string By)
{
    /// <summary>Nothing accepted.</summary>
    public static ContractAcceptance None { get; } = new(false, false, "");
}
