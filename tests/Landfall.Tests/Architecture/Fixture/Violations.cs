// Deliberate violations, each of one architecture rule, in a namespace tree of their own that mirrors the library's
// (ArchFixture.Landfall.X stands for Landfall.X): ArchitectureTests shows every rule failing on these before trusting it on the library.
#pragma warning disable CA1812 // never instantiated: only their dependencies matter
namespace ArchFixture.Landfall.Runs
{
    internal sealed class Runner
    {
        public static int Run() => 1;
    }
}

namespace ArchFixture.Landfall.Status
{
    // The read side calling the runner.
    internal sealed class StatusThatRuns
    {
        public static int Read() => Runs.Runner.Run();
    }
}

namespace ArchFixture.Landfall.Sources.Postgres
{
    internal sealed class PostgresThing
    {
        public static int Value => 1;
    }
}

namespace ArchFixture.Landfall.Sources.Files
{
    // One kind reaching into another.
    internal sealed class FilesUsingPostgres
    {
        public static int Value => Postgres.PostgresThing.Value;
    }
}

namespace ArchFixture.Landfall.Reports
{
    // A kind named outside its folder and the preset.
    internal sealed class ReportNamingAKind
    {
        public static int Value => Sources.Postgres.PostgresThing.Value;
    }
}

namespace ArchFixture.Landfall.Lake
{
    // The lake abstraction depending on something above it.
    internal sealed class LakeAboveItself
    {
        public static int Value => Status.StatusThatRuns.Read();
    }
}

namespace ArchFixture.Landfall.Cycle.A
{
    internal sealed class First
    {
        public static int Value => B.Second.Other;

        public static int Mine => 1;
    }
}

namespace ArchFixture.Landfall.Cycle.B
{
    internal sealed class Second
    {
        public static int Other => 2;

        public static int Back => A.First.Mine;
    }
}
#pragma warning restore CA1812
