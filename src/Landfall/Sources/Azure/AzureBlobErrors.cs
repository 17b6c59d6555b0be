using Azure;
using Azure.Identity;
using Landfall.Azure;

namespace Landfall.Sources.Azure;

/// <summary>The azure_blob source's failures as <see cref="SourceException"/>s naming account, container and blob, never a credential.</summary>
internal static class AzureBlobErrors
{
    public static SourceException Translate(RequestFailedException e, string operation, string where, AzureConnectionSettings settings,
        string container, string name)
    {
        var blob = $"container '{container}', blob '{name}' of {where}";
        return e switch
        {
            { ErrorCode: "ContainerNotFound" } => new SourceException("container_not_found",
                $"Source container '{container}' does not exist in {where}; create it or fix the entity's container.", e),
            { Status: 404 } when operation == "list" => new SourceException("container_not_found",
                $"Source container '{container}' was not found in {where} ({e.ErrorCode}); fix the entity's container.", e),
            { Status: 404 } => new SourceException("object_vanished",
                $"The {blob} was listed but is gone ({operation} answered 404); it was deleted or replaced while the run copied. " +
                "Nothing of this run counts; a later run starts over.", e, isTransient: true),
            { Status: 412 } or { Status: 409, ErrorCode: "SourceConditionNotMet" } => new SourceException("object_changed",
                $"The {blob} changed after it was listed (its ETag no longer matches); a later run will retry once the writer is done.",
                e, isTransient: true),
            _ when AzureTransience.IsAuthenticationFailure(e) => new SourceException("auth_failed",
                $"Azure rejected the source's credentials ({settings.CredentialKind}) for {operation} of {blob} ({e.ErrorCode}): the " +
                "account name or key is wrong, or the SAS token is malformed or expired; check account_url, account_key, sas_token or " +
                "connection_string. Not retried.", e),
            { Status: 403 } => new SourceException("access_denied",
                $"Azure denied the source's credentials ({settings.CredentialKind}) permission to {Verb(operation)} {blob} ({e.ErrorCode}). " +
                "The credentials are valid; a SAS needs read and list, an Entra ID identity the role Storage Blob Data Reader on the " +
                "container. Not retried; the next run redoes the date.", e),
            _ when AzureTransience.IsTransient(e) => new SourceException(e.Status is 503 or 429 || e.ErrorCode is "ServerBusy" ? "throttled" : "source_unavailable",
                $"Azure {operation} of {blob} still failed after {settings.MaxAttempts} attempt(s): {AzureTransience.Describe(e)}; " +
                "a later run will retry.", e, isTransient: true),
            _ => new SourceException("source_error", $"Azure {operation} of {blob} failed: {AzureTransience.Describe(e)}", e),
        };
    }

    public static SourceException Unreachable(Exception e, string operation, string where, AzureConnectionSettings settings, string container,
        string name) => e is AuthenticationFailedException
        ? new SourceException("auth_failed",
            $"No Entra ID token for {where} (container '{container}'): {AzureTransience.Scrub(e.Message.Split('\n', 2)[0])}; give the " +
            "managed identity or workload identity (client_id), sign in with the Azure CLI, or use account_key/sas_token.", e)
        : new SourceException("connection_failed",
            $"Azure {operation} of container '{container}', blob '{name}' of {where} failed after {settings.MaxAttempts} attempt(s): " +
            $"{AzureTransience.Describe(e)}; check account_url (the account name) and the network, a later run will retry.", e, isTransient: true);

    private static string Verb(string operation) => operation switch
    {
        "list" => "list",
        "head" => "read the properties of",
        "sign" => "sign a copy URI for",
        _ => "read",
    };
}
