using System.Text.Json;
using Landfall.Lake;
using Landfall.Layout;
using Landfall.Runs;
using Landfall.Testing;

namespace Landfall.Tests.Contracts;

/// <summary>A local-folder lake and one files source 'shop' whose entity 'orders' has the keys given (format, schema, expect).</summary>
internal sealed class ContractWorld : IDisposable
{
    public ContractWorld(string entityYaml)
    {
        World = TestWorld.OnLocalLake(sources: ["shop"]);
        EntityYaml = entityYaml;
    }

    public TestWorld World { get; }

    public string EntityYaml { get; set; }

    public void WriteConfig()
    {
        var entity = string.Join("", EntityYaml.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "        " + l.TrimEnd() + "\n"));
        File.WriteAllText(World.ConfigPath, $"""
            env: test
            {World.LakeYaml}
            schedule:
              timezone: UTC
              lag_days: 1
            sources:
              - name: shop
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: orders
                    directory: drop/shop/{"{date}"}
                    glob: "*"

            """ + entity);
    }

    public string Drop(DateOnly date, string name, string content) => World.Drop("shop", date, name, content);

    public string Drop(DateOnly date, string name, byte[] content)
    {
        var path = World.Drop("shop", date, name, "");
        File.WriteAllBytes(path, content);
        return path;
    }

    public async Task<RunResult> RunAsync(DateOnly date, bool acceptSchema = false, bool acceptExpectations = false, bool force = false)
    {
        WriteConfig();
        var results = await World.Runner().RunDateAsync(date,
            new RunOptions { AcceptSchema = acceptSchema, AcceptExpectations = acceptExpectations, AcceptedBy = "ana", Force = force },
            CancellationToken.None);
        return Assert.Single(results);
    }

    public async Task<JsonElement> ManifestAsync(RunResult result)
    {
        Assert.NotNull(result.ManifestKey);
        var bytes = await World.Lake.ReadSmallAsync(result.ManifestKey!, 16 << 20, CancellationToken.None);
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.Clone();
    }

    /// <summary>The dates <c>current</c> lists for the entity.</summary>
    public async Task<List<string>> CurrentDatesAsync()
    {
        var dates = new List<string>();
        await foreach (var e in World.Host().CurrentAsync(new Landfall.Current.CurrentRequest { Sources = ["shop"] }, CancellationToken.None))
        {
            dates.Add(ManifestKeys.FormatDate(e.IngestDate));
        }
        return dates;
    }

    public void Dispose() => World.Dispose();
}
