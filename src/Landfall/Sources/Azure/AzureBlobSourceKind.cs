using Landfall.Azure;
using Landfall.Config;
using Landfall.Sources.Readiness;

namespace Landfall.Sources.Azure;

/// <summary>The <c>azure_blob</c> kind: blobs of a container in Azure Blob Storage (or an ADLS Gen2 account's blob endpoint).</summary>
public sealed class AzureBlobSourceKind : ISourceKind
{
    /// <inheritdoc />
    public string Kind => "azure_blob";

    /// <inheritdoc />
    public IReadOnlyList<string> SourceKeys => AzureBlobSourceSettings.Keys;

    /// <inheritdoc />
    public ISource Create(string name, DateOnly startDate, ConfigNode node) =>
        new AzureBlobSource(name, startDate, AzureBlobSourceSettings.Parse(node),
            SourceEntities.Parse(node, AzureBlobEntity.Keys, AzureBlobEntity.Parse));

    /// <inheritdoc />
    public IReadOnlyList<Type> SettingsTypes => [typeof(ReadinessSettings), typeof(AzureConnectionSettings), typeof(AzureBlobSourceSettings)];

    /// <inheritdoc />
    public string? StarterConfig => """
        # Blobs under a prefix of an Azure container; copied server-side when the lake is an azure lake in the same account.
        - name: partner
          kind: azure_blob
          start_date: 2026-01-01
          account_url: https://partneraccount.blob.core.windows.net
          # sas_token: ${PARTNER_SAS}              # default: Entra ID (managed identity, workload identity, Azure CLI)
          min_age: 15m                             # blobs modified within this before the run hold the date back
          entities:
            - name: exports
              container: exports
              prefix: "daily/{date:yyyy/MM/dd}/"
              glob: "*.csv"
        """;
}
