using Landfall.Azure;
using Landfall.Config;

namespace Landfall.Lake.Azure;

/// <summary>The <c>azure</c> lake kind: a container (and optional prefix) in Azure Blob Storage (or an ADLS Gen2 account's blob endpoint).</summary>
public sealed class AzureLakeKind : ILakeKind
{
    /// <inheritdoc />
    public string Kind => AzureLakeSettings.KindName;

    /// <inheritdoc />
    public IReadOnlyList<string> Keys => AzureLakeSettings.Keys;

    /// <inheritdoc />
    public LakeSettings Parse(ConfigNode node) => AzureLakeSettings.Parse(node);

    /// <inheritdoc />
    public ILake Open(LakeSettings settings, LakeOpenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (settings is not AzureLakeSettings azure)
        {
            throw new ArgumentException($"An {Kind} lake cannot open {settings?.Kind} settings.", nameof(settings));
        }
        try
        {
            return new AzureLake(azure, context.Logger, context.Time);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // Settings the SDK cannot use: the config's problem, said as the lake's (the SDK's message never quotes the key).
            throw new LakeException($"The Azure lake settings cannot be used for {azure.Connection.Where}: {AzureTransience.Scrub(e.Message)}", e);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<Type> SettingsTypes => [typeof(AzureConnectionSettings), typeof(AzureLakeSettings)];

    /// <inheritdoc />
    public string? StarterConfig => """
        kind: azure
        account_url: https://myaccount.blob.core.windows.net
        container: lake
        # account_key: ${AZURE_STORAGE_KEY}   # default: Entra ID (managed identity, workload identity, Azure CLI)
        """;
}
