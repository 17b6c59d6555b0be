using Landfall.Lake.Local;
using Landfall.Reconcile;
using Landfall.Runs;
using Landfall.Status;
using Landfall.Testing;

namespace Landfall.Tests.Hosting;

/// <summary>
/// The library speaks of its request properties (an embedder never typed a flag); the command renders the same message with the
/// options the user typed.
/// </summary>
public sealed class RequestMessagesTests : IDisposable
{
    private readonly string _lakeRoot = Directory.CreateTempSubdirectory("landfall-lake-").FullName;
    private readonly TestWorld _world;

    public RequestMessagesTests() => _world = new TestWorld(new LocalFolderLake(_lakeRoot), $"lake:\n  kind: local\n  path: {_lakeRoot}\n");

    public void Dispose()
    {
        _world.Dispose();
        Directory.Delete(_lakeRoot, recursive: true);
    }

    [Fact]
    public async Task A_bad_limit_names_the_property_in_the_library_and_the_flag_in_the_command()
    {
        using var host = _world.Host();
        var e = await Assert.ThrowsAsync<InvalidRequestException>(() => host.HistoryAsync(new HistoryRequest { Limit = 0 }, CancellationToken.None));
        Assert.Equal("Limit 0 must be at least 1.", e.Message);
        Assert.Equal(["Limit"], e.Properties);
        Assert.DoesNotContain("--", e.Message, StringComparison.Ordinal);

        var cli = await _world.CliAsync("history", "--limit", "0");
        Assert.Equal(2, cli.ExitCode);
        Assert.Contains("landfall: --limit 0 must be at least 1.", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alternatives_and_bounds_are_said_in_properties_and_rendered_as_options()
    {
        using var host = _world.Host();
        var both = await Assert.ThrowsAsync<InvalidRequestException>(() => host.ReconcileAsync(
            new ReconcileRequest { LookbackDays = 3, From = TestWorld.D(1), To = TestWorld.D(2) }, CancellationToken.None));
        Assert.Equal("LookbackDays and From/To are alternatives; give one of them.", both.Message);
        Assert.Equal("--lookback and --from/--to are alternatives; give one of them.",
            both.Render(p => p switch { "LookbackDays" => "--lookback", "From" => "--from", "To" => "--to", _ => null }));

        var force = await Assert.ThrowsAsync<InvalidRequestException>(() => host.RunAsync(new RunRequest { Force = true }, CancellationToken.None));
        Assert.Equal(["Force", "Date", "From", "To"], force.Properties);

        var unknown = await Assert.ThrowsAsync<InvalidRequestException>(() => host.StatusAsync(
            new StatusRequest { Sources = ["nope"] }, CancellationToken.None));
        Assert.StartsWith("Sources 'nope' is not in ", unknown.Message, StringComparison.Ordinal);
        var cli = await _world.CliAsync("status", "--source", "nope");
        Assert.Contains("landfall: --source 'nope' is not in ", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_property_the_front_end_does_not_rename_keeps_its_name()
    {
        var e = new InvalidRequestException($"{InvalidRequestException.Property("Custom")} is wrong; {{braces}} stay.");
        Assert.Equal("Custom is wrong; {braces} stay.", e.Message);
        Assert.Equal("Custom is wrong; {braces} stay.", e.Render(_ => null));
    }
}
