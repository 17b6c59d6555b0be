using Landfall.Lake;
using Landfall.Sources;

namespace Landfall.Hosting;

/// <summary>
/// The source and lake kinds a config may name, in registration order: what a <see cref="LandfallHostBuilder"/> has registered
/// (<see cref="LandfallHostBuilder.Kinds"/>), or the built-in ones (<see cref="BuiltIn"/>).
/// </summary>
/// <param name="Sources">The source kinds (<c>sources: - kind: ...</c>).</param>
/// <param name="Lakes">The lake kinds (<c>lake: kind: ...</c>).</param>
public sealed record LandfallKinds(IReadOnlyList<ISourceKind> Sources, IReadOnlyList<ILakeKind> Lakes)
{
    /// <summary>Every kind Landfall has built in: what <see cref="LandfallHost.CreateBuilder"/> registers.</summary>
    public static LandfallKinds BuiltIn { get; } = LandfallHost.CreateBuilder().Kinds;

    /// <summary>The source kind whose <c>kind:</c> value is <paramref name="kind"/>, or null.</summary>
    public ISourceKind? SourceKind(string kind) => Sources.FirstOrDefault(k => k.Kind == kind);

    /// <summary>The lake kind whose <c>kind:</c> value is <paramref name="kind"/>, or null.</summary>
    public ILakeKind? LakeKind(string kind) => Lakes.FirstOrDefault(k => k.Kind == kind);
}
