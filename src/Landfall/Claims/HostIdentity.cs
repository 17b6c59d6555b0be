namespace Landfall.Claims;

/// <summary>
/// The name this host records in claims and manifests, and the one the same-host check compares against:
/// <c>LANDFALL_HOST_ID</c> when set, else the machine's host name. It must differ between machines (and between pid
/// namespaces, such as containers), since a claim of this host whose pid is gone is taken for dead at once.
/// </summary>
internal static class HostIdentity
{
    /// <summary>The environment variable that overrides the host name.</summary>
    public const string Variable = "LANDFALL_HOST_ID";

    /// <summary>This host's identity, read on each call (cheap) so that it follows the environment.</summary>
    public static string Current => Environment.GetEnvironmentVariable(Variable) is { } id && !string.IsNullOrWhiteSpace(id)
        ? id.Trim()
        : Environment.MachineName;
}
