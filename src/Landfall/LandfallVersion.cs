using System.Reflection;

namespace Landfall;

/// <summary>The version of this Landfall build.</summary>
public static class LandfallVersion
{
    /// <summary>
    /// The version written into manifests and printed by <c>landfall --version</c>: the package version and, after a '+', the
    /// commit it was built from, so an auditor can tell exactly which build wrote a manifest.
    /// </summary>
    public static string Current { get; } =
        typeof(LandfallVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
