using Landfall.Testing;

namespace Landfall.Tests.Current;

/// <summary><c>current --entity</c> and <c>export --entity</c> with a name no configured source declares: a warning, never a silent nothing.</summary>
public sealed class CurrentEntityTests : IDisposable
{
    private readonly TestWorld _world = TestWorld.OnLocalLake(["alpha"]);

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task An_entity_no_selected_source_declares_is_named_in_a_warning_and_a_declared_one_is_not()
    {
        _world.DropAll(TestWorld.D(1), TestWorld.D(1));
        Assert.Equal(0, (await _world.CliAsync("run", "--date", "2026-01-01")).ExitCode);

        var typo = await _world.CliAsync("current", "--entity", "itms", "--format", "paths");
        var export = await _world.CliAsync("export", "--out", Path.Combine(_world.Folder, "objects.parquet"), "--entity", "itms");

        Assert.Equal(0, typo.ExitCode);
        Assert.Equal("", typo.Out);
        Assert.Equal(0, export.ExitCode);
        var warnings = _world.Logs.Named("entity_not_configured").ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("'itms'", w.Message));
        Assert.All(warnings, w => Assert.Contains("alpha: items", w.Message));

        var right = await _world.CliAsync("current", "--entity", "items", "--format", "paths");
        Assert.Equal(0, right.ExitCode);
        Assert.Contains("entity=items", right.Out);
        Assert.Equal(2, _world.Logs.Named("entity_not_configured").Count());
    }
}
