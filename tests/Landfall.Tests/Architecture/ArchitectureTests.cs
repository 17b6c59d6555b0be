using ArchUnitNET.Fluent;
using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Landfall.Hosting;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using Assembly = System.Reflection.Assembly;

namespace Landfall.Tests.Architecture;

/// <summary>
/// The dependency rules of the library and the CLI, stated so that they survive the next change (docs/embedding.md has the map).
/// Each rule is a function of the namespace root it applies to, and is first shown to fail on a deliberate violation
/// (<c>Fixture/Violations.cs</c>, under <c>ArchFixture.Landfall</c>) before it is trusted on the library.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Root = "Landfall";
    private const string FixtureRoot = "ArchFixture.Landfall";

    private static readonly Assembly Library = typeof(LandfallException).Assembly;
    private static readonly Assembly Cli = typeof(Landfall.Cli.CliApp).Assembly;

    // Loading is the slow part (seconds): once per test class.
    private static readonly ArchUnitNET.Domain.Architecture Both = new ArchLoader().LoadAssemblies(Library, Cli).Build();
    private static readonly ArchUnitNET.Domain.Architecture Fixture = new ArchLoader().LoadAssemblies(typeof(ArchitectureTests).Assembly).Build();

    /// <summary>The read side: what only reads manifests and sources, never ingests.</summary>
    private static readonly string[] ReadSide = ["Status", "Current", "Ledger", "Reports", "Verification", "Checks", "Planning"];

    /// <summary>The namespaces of every registered source and lake kind, from the registry itself.</summary>
    private static IReadOnlyList<string> KindNamespaces(string root) =>
        [.. LandfallKinds.BuiltIn.Sources.Select(k => k.GetType().Namespace!).Concat(LandfallKinds.BuiltIn.Lakes.Select(k => k.GetType().Namespace!))
            .Distinct().Select(ns => root + ns[Root.Length..])];

    // ---- the rules ----
#pragma warning disable CA1859 // each rule is an IArchRule on purpose: checked on the library, evaluated on the fixture

    private static IArchRule NoCycles(string root) => SliceRuleDefinition.Slices().Matching(root + ".(**)").Should().BeFreeOfCycles();

    private static IArchRule ReadSideDoesNotRun(string root) =>
        Types().That().ResideInNamespaceMatching($@"^{Escape(root)}\.({string.Join('|', ReadSide)})(\..+)?$")
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceOrBelow(root + ".Runs")
            .Because("status, current, the ledger, the report, verify, check and planning read; only the runner ingests");

    private static IArchRule KindDependsOnContractsOnly(string root, string kindNamespace, IEnumerable<string> otherKinds)
    {
        var kind = kindNamespace[(kindNamespace.LastIndexOf('.') + 1)..];
        // The source contracts, the readiness rules the file kinds share, the lake abstraction, manifests, config helpers, key layouts,
        // progress, logging, the resilience policy, the schema model and the file-format readers every kind shares (docs/contracts.md);
        // the s3 kinds also the S3 connection they share, the azure kinds the Azure one.
        var allowed = $@"^{Escape(root)}(\.Sources|\.Sources\.Readiness|\.Lake|\.Manifests|\.Config|\.Layout|\.Progress|\.Diagnostics|\.Resilience" +
            @"|\.Contracts|\.FileFormats" +
            $@"|{Escape(kindNamespace[root.Length..])}(\..+)?" + (kind is "S3" or "Azure" ? $@"|\.{kind}" : "") + ")?$";
        return Types().That().ResideInNamespaceOrBelow(kindNamespace)
            .Should().OnlyDependOnTypesThat().ResideInNamespaceMatching(allowed)
            .AndShould().NotDependOnAnyTypesThat().ResideInNamespaceMatching($"^({string.Join('|', otherKinds.Select(Escape))})(\\..+)?$");
    }

    private static IArchRule KindNamedOnlyInItsFolder(string kindNamespace) =>
        // The registration extension beside the kind (AddPostgresSource(), ...) is declared in the builder's namespace, by .NET habit;
        // the preset names those extensions, never a kind's type.
        Types().That().DoNotResideInNamespaceOrBelow(kindNamespace).And().DoNotHaveNameEndingWith("BuilderExtensions")
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceOrBelow(kindNamespace)
            .Because("a kind is named only in its own folder and by its registration in the preset");

    private static IArchRule LakeDependsOnNothingAbove(string root) =>
        Types().That().ResideInNamespace(root + ".Lake")
            .Should().OnlyDependOnTypesThat().ResideInNamespaceMatching($@"^{Escape(root)}(\.Lake|\.Config)?$");

#pragma warning restore CA1859

    private static string Escape(string ns) => ns.Replace(".", @"\.", StringComparison.Ordinal);

    // ---- each rule fails on its deliberate violation ----

    [Fact]
    public void Every_rule_fails_on_its_deliberate_violation()
    {
        Assert.False(NoCycles(FixtureRoot + ".Cycle").HasNoViolations(Fixture), "a namespace cycle went unnoticed");
        Assert.False(ReadSideDoesNotRun(FixtureRoot).HasNoViolations(Fixture), "the read side calling the runner went unnoticed");
        Assert.False(KindDependsOnContractsOnly(FixtureRoot, FixtureRoot + ".Sources.Files", [FixtureRoot + ".Sources.Postgres"]).HasNoViolations(Fixture),
            "a kind depending on another kind went unnoticed");
        Assert.False(KindNamedOnlyInItsFolder(FixtureRoot + ".Sources.Postgres").HasNoViolations(Fixture),
            "a kind named outside its folder went unnoticed");
        Assert.False(LakeDependsOnNothingAbove(FixtureRoot).HasNoViolations(Fixture), "the lake abstraction depending on more went unnoticed");
    }

    // ---- the library ----

    [Fact]
    public void No_two_namespaces_of_the_library_depend_on_each_other()
    {
        NoCycles(Root).Check(Both);
    }

    [Fact]
    public void The_cli_uses_only_the_public_api_of_the_library()
    {
        Types().That().ResideInAssembly(Cli)
            .Should().NotDependOnAny(Types().That().ResideInAssembly(Library).And().AreNotPublic())
            .Because("a program embedding Landfall can do everything the command can")
            .Check(Both);
    }

    [Fact]
    public void The_read_side_does_not_depend_on_the_runner()
    {
        ReadSideDoesNotRun(Root).Check(Both);
    }

    [Fact]
    public void The_kinds_are_the_registered_ones()
    {
        // The lists below are the registry's, not a hand list: a new kind is checked by every rule as soon as it is registered.
        Assert.Contains("Landfall.Sources.Postgres", KindNamespaces(Root));
        Assert.Contains("Landfall.Lake.S3", KindNamespaces(Root));
        Assert.Equal(LandfallKinds.BuiltIn.Sources.Count + LandfallKinds.BuiltIn.Lakes.Count, KindNamespaces(Root).Count);
    }

    [Fact]
    public void A_source_kind_depends_on_the_contracts_only_never_on_another_kind_or_a_concrete_lake()
    {
        var kinds = KindNamespaces(Root);
        foreach (var kind in kinds.Where(k => k.StartsWith("Landfall.Sources.", StringComparison.Ordinal)))
        {
            KindDependsOnContractsOnly(Root, kind, kinds.Where(k => k != kind)).Check(Both);
        }
    }

    [Fact]
    public void No_source_or_lake_kind_is_named_outside_its_folder_and_the_preset()
    {
        foreach (var kind in KindNamespaces(Root))
        {
            KindNamedOnlyInItsFolder(kind).Check(Both);
        }
    }

    [Fact]
    public void The_lake_abstraction_depends_on_nothing_above_it()
    {
        LakeDependsOnNothingAbove(Root).Check(Both);
    }
}
