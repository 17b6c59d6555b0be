using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using Assembly = System.Reflection.Assembly;

namespace Landfall.Tests.Architecture;

/// <summary>
/// The dependency rules of the library and the CLI, stated so that they survive the next change (docs/embedding.md has the map).
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Library = typeof(LandfallException).Assembly;
    private static readonly Assembly Cli = typeof(Landfall.Cli.CliApp).Assembly;

    // Loading is the slow part (seconds): once per test class.
    private static readonly ArchUnitNET.Domain.Architecture Both = new ArchLoader().LoadAssemblies(Library, Cli).Build();

    private static readonly string[] SourceKinds = ["Files", "S3", "Postgres", "Sftp"];

    [Fact]
    public void No_two_namespaces_of_the_library_depend_on_each_other()
    {
        SliceRuleDefinition.Slices().Matching("Landfall.(**)").Should().BeFreeOfCycles().Check(Both);
    }

    [Fact]
    public void The_cli_uses_only_the_public_api_of_the_library()
    {
        Types().That().ResideInAssembly(Cli)
            .Should().NotDependOnAny(Types().That().ResideInAssembly(Library).And().AreNotPublic())
            .Because("a program embedding Landfall can do everything the command can")
            .Check(Both);
    }

    [Theory]
    [InlineData("Files")]
    [InlineData("S3")]
    [InlineData("Postgres")]
    [InlineData("Sftp")]
    public void A_source_kind_depends_on_the_contracts_only_never_on_another_kind_or_a_concrete_lake(string kind)
    {
        // The source contracts, the readiness rules the file kinds share, the lake abstraction, manifests, config helpers, key
        // layouts, progress, logging, the schema model and the file-format readers every kind shares (docs/contracts.md); the s3 kind also
        // the S3 connection it shares with the S3 lake.
        var allowed = $@"^Landfall(\.Sources|\.Sources\.Readiness|\.Sources\.{kind}(\..+)?|\.Lake|\.Manifests|\.Config|\.Layout|\.Progress|\.Diagnostics|\.Resilience|\.Contracts|\.FileFormats" +
            (kind == "S3" ? @"|\.S3" : "") + ")?$";
        Types().That().ResideInNamespaceOrBelow($"Landfall.Sources.{kind}")
            .Should().OnlyDependOnTypesThat().ResideInNamespaceMatching(allowed)
            .Check(Both);
        foreach (var other in SourceKinds.Where(k => k != kind))
        {
            Types().That().ResideInNamespaceOrBelow($"Landfall.Sources.{kind}")
                .Should().NotDependOnAnyTypesThat().ResideInNamespaceOrBelow($"Landfall.Sources.{other}")
                .Check(Both);
        }
    }

    [Fact]
    public void Only_the_hosting_layer_knows_the_concrete_lakes()
    {
        Types().That().DoNotResideInNamespaceOrBelow("Landfall.Hosting")
            .And().DoNotResideInNamespaceOrBelow("Landfall.Lake.Local")
            .And().DoNotResideInNamespaceOrBelow("Landfall.Lake.S3")
            .And().ResideInAssembly(Library)
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceOrBelow("Landfall.Lake.Local")
            .AndShould().NotDependOnAnyTypesThat().ResideInNamespaceOrBelow("Landfall.Lake.S3")
            .Check(Both);
    }

    [Fact]
    public void The_lake_abstraction_depends_on_nothing_above_it()
    {
        Types().That().ResideInNamespace("Landfall.Lake")
            .Should().OnlyDependOnTypesThat().ResideInNamespaceMatching(@"^Landfall(\.Lake|\.Config)?$")
            .Check(Both);
    }
}
