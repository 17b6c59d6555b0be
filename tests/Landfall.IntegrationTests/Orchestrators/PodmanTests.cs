using System.Text.Json;
using System.Text.Json.Nodes;
using Landfall.IntegrationTests.Sources.Postgres;
using Landfall.IntegrationTests.Tool;
using Xunit.Abstractions;

namespace Landfall.IntegrationTests.Orchestrators;

/// <summary>
/// The Kubernetes recipes' pods, run for real by `podman kube play` (podman 4.3 has no Job or CronJob controller): the image that
/// scripts/build-image.sh builds, the recipes' own container specs (args, env, mounts, shell), a ConfigMap for the config, the host
/// network to reach the test servers. Only what podman cannot do is changed: the image name, the host network, and, for a Job,
/// what its controller adds (one pod per completion index with JOB_COMPLETION_INDEX).
/// </summary>
[Collection(OrchestratorCollection.Name)]
public sealed class PodmanTests(OrchestratorServers servers, PodmanImage image, ITestOutputHelper output) : IClassFixture<PodmanImage>
{
    [Fact]
    public async Task Three_runner_containers_of_the_CronJob_recipe_in_one_pod_ingest_every_date_exactly_once()
    {
        // start_date five days ago: the recipe's `run --catch-up` covers exactly the five seeded dates.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await using var world = new FanOutWorld(servers, today.AddDays(-5), 5);
        await world.SeedAsync();
        var cronJob = Assert.Single(PodmanImage.Documents(await File.ReadAllTextAsync(Recipe("kubernetes/cronjob.yaml"))));
        var spec = cronJob["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!.DeepClone().AsObject();
        var recipe = Assert.Single(spec["containers"]!.AsArray())!;
        var pod = $"landfall-cron-{Guid.NewGuid():N}"[..26];
        var runners = new JsonArray();
        for (var i = 1; i <= 3; i++)
        {
            var runner = Runnable(recipe, world);
            runner["name"] = $"runner-{i}";
            // Three containers share one pod name (metadata.name) but not their process ids: each needs its own identity.
            var env = runner["env"]!.AsArray();
            env.Remove(env.Single(e => e!["name"]!.GetValue<string>() == "LANDFALL_HOST_ID"));
            env.Add(new JsonObject { ["name"] = "LANDFALL_HOST_ID", ["value"] = $"{pod}-runner-{i}" });
            runners.Add(runner);
        }
        spec["containers"] = runners;
        await PlayAsync(world, [Pod(pod, spec, world)], PodmanImage.ConfigMap("landfall", "landfall.yaml", await File.ReadAllTextAsync(world.ConfigPath)));
        try
        {
            var exits = await image.WaitForExitAsync([pod], 3, TimeSpan.FromMinutes(3));

            var reported = new List<(string Runner, JsonElement Result)>();
            foreach (var (name, code) in exits)
            {
                var logs = await image.RunAsync("logs", name);
                Assert.True(code == 0, $"{name} exited {code}:\n{logs.Stderr}");
                reported.AddRange(JsonDocument.Parse(logs.Stdout).RootElement.EnumerateArray().Select(r => (name, r.Clone())));
            }
            var successes = await AssertOneSuccessPerUnitAsync(world);
            var won = reported.Where(r => r.Result.GetProperty("status").GetString() == "success").ToList();
            Assert.Equal(successes.Select(m => m.RunId).Order(), won.Select(r => r.Result.GetProperty("run_id").GetString()).Order());
            Assert.All(successes, m => Assert.Equal(won.Single(r => r.Result.GetProperty("run_id").GetString() == m.RunId).Runner, m.Host));
            Assert.All(reported.Except(won), r => Assert.True(
                r.Result.GetProperty("reason").GetString() is "claimed_by_other_run" or "latest_manifest_success", r.Result.ToString()));
            output.WriteLine($"image built in {image.BuildTime.TotalSeconds:0.0} s; {successes.Count} units won: " +
                string.Join(", ", successes.GroupBy(m => m.Host).Select(g => $"{g.Key} {g.Count()}")));
        }
        finally
        {
            await image.RunAsync("pod", "rm", "--force", pod);
        }
    }

    [Fact]
    public async Task The_Indexed_Job_recipe_run_pod_per_index_ingests_the_unit_that_backfill_sh_fixed_for_its_index()
    {
        await using var world = new FanOutWorld(servers, new DateOnly(2026, 9, 1), 2);
        await world.SeedAsync();
        // backfill.sh for real (plan, jq, the template filled in); kubectl, absent here, is a stand-in that keeps what it is given.
        var bin = Path.Combine(world.Folder, "bin");
        Directory.CreateDirectory(bin);
        var kubectl = Path.Combine(bin, "kubectl");
        await File.WriteAllTextAsync(kubectl, $"""
            #!/bin/sh
            case "$1 $2" in
              "create configmap") echo "$3" > '{bin}/configmap-name'; cp "${"{"}4#--from-file=units.txt={"}"}" '{bin}/units.txt' ;;
              "apply -f") cat > '{bin}/job.yaml' ;;
              *) echo "kubectl stand-in: unexpected $*" >&2; exit 2 ;;
            esac
            """);
        FanOutWorld.SetMode(kubectl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var env = world.Env();
        env["PATH"] = $"{bin}:{Path.GetDirectoryName(servers.NativeCli)}:{Environment.GetEnvironmentVariable("PATH")}";
        var backfill = await ChildProcess.RunAsync(Recipe("kubernetes/backfill.sh"), [FanOutWorld.Day(world.First), FanOutWorld.Day(world.Last)],
            world.Folder, env);
        Assert.True(backfill.Code == 0, backfill.Text);
        var units = (await File.ReadAllLinesAsync(Path.Combine(bin, "units.txt"))).Select(l => l.Split(' ')).ToList();
        Assert.Equal(world.Dates.SelectMany(d => FanOutWorld.Sources.Select(s => new[] { s, FanOutWorld.Day(d) })), units);

        // What the Job controller does: one pod per completion index, JOB_COMPLETION_INDEX in its environment.
        var job = Assert.Single(PodmanImage.Documents(await File.ReadAllTextAsync(Path.Combine(bin, "job.yaml"))));
        Assert.Equal(units.Count, job["spec"]!["completions"]!.GetValue<long>());
        var unitsMap = (await File.ReadAllTextAsync(Path.Combine(bin, "configmap-name"))).Trim();
        var prefix = $"lf-job-{Guid.NewGuid():N}"[..16];
        var pods = new List<JsonObject>();
        for (var index = 0; index < units.Count; index++)
        {
            var spec = job["spec"]!["template"]!["spec"]!.DeepClone().AsObject();
            var container = Assert.Single(spec["containers"]!.AsArray())!;
            spec["containers"] = new JsonArray(Runnable(container, world));
            spec["containers"]![0]!["env"]!.AsArray().Add(new JsonObject { ["name"] = "JOB_COMPLETION_INDEX", ["value"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            pods.Add(Pod($"{prefix}-{index}", spec, world));
        }
        await PlayAsync(world, pods, PodmanImage.ConfigMap("landfall", "landfall.yaml", await File.ReadAllTextAsync(world.ConfigPath)),
            PodmanImage.ConfigMap(unitsMap, "units.txt", await File.ReadAllTextAsync(Path.Combine(bin, "units.txt"))));
        try
        {
            var names = pods.Select(p => p["metadata"]!["name"]!.GetValue<string>()).ToList();
            var exits = await image.WaitForExitAsync(names, units.Count, TimeSpan.FromMinutes(3));
            var printed = new List<JsonElement>();
            for (var index = 0; index < units.Count; index++)
            {
                var container = $"{names[index]}-landfall";
                var logs = await image.RunAsync("logs", container);
                Assert.True(exits[container] == 0, $"{container} exited {exits[container]}:\n{logs.Stdout}\n{logs.Stderr}");
                printed.Add(Assert.Single(JsonDocument.Parse(logs.Stdout).RootElement.EnumerateArray()).Clone());
            }
            var successes = await AssertOneSuccessPerUnitAsync(world);
            for (var index = 0; index < units.Count; index++)
            {
                var result = printed[index];
                Assert.Equal((units[index][0], units[index][1], "success"),
                    (result.GetProperty("source").GetString(), result.GetProperty("ingest_date").GetString(), result.GetProperty("status").GetString()));
                // The recipe names each pod's host after the pod (metadata.name): one identity per pod.
                Assert.Equal(names[index], successes.Single(m => m.RunId == result.GetProperty("run_id").GetString()).Host);
            }
        }
        finally
        {
            foreach (var pod in pods)
            {
                await image.RunAsync("pod", "rm", "--force", pod["metadata"]!["name"]!.GetValue<string>());
            }
        }
    }

    private static string Recipe(string path) => Path.Combine(ToolPaths.RepoRoot(), "deploy", path);

    /// <summary>A recipe's container made runnable here: the local image, never pulled; the world's PostgreSQL password and SFTP key.</summary>
    private static JsonObject Runnable(JsonNode recipe, FanOutWorld world)
    {
        var container = recipe.DeepClone().AsObject();
        container["image"] = PodmanImage.Tag;
        container["imagePullPolicy"] = "Never";
        container["env"]!.AsArray().Add(new JsonObject { ["name"] = PostgresServer.PasswordVariable, ["value"] = world.Env()[PostgresServer.PasswordVariable] });
        container["volumeMounts"]!.AsArray().Add(new JsonObject { ["name"] = "world", ["mountPath"] = world.Folder, ["readOnly"] = true });
        return container;
    }

    private static JsonObject Pod(string name, JsonObject spec, FanOutWorld world)
    {
        spec["hostNetwork"] = true; // the test servers listen on 127.0.0.1
        spec["volumes"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "world",
            ["hostPath"] = new JsonObject { ["path"] = world.Folder, ["type"] = "Directory" },
        });
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec };
    }

    private async Task PlayAsync(FanOutWorld world, IReadOnlyList<JsonObject> pods, params JsonObject[] configMaps)
    {
        var file = Path.Combine(world.Folder, $"play-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, string.Join("\n---\n", pods.Select(p => p.ToJsonString())));
        var maps = new List<string>();
        foreach (var map in configMaps)
        {
            maps.Add(Path.Combine(world.Folder, $"configmap-{map["metadata"]!["name"]}.yaml"));
            await File.WriteAllTextAsync(maps[^1], map.ToJsonString());
        }
        // Created first, started together: podman 4.3 writes a ConfigMap's files anew for each pod it plays, so a pod started at
        // once could read a file that the next pod's creation is rewriting (seen: an empty config, an empty unit line).
        var play = await image.RunAsync(["kube", "play", "--start=false", .. maps.SelectMany(m => new[] { "--configmap", m }), file]);
        Assert.True(play.Code == 0, play.Text);
        var start = await image.RunAsync(["pod", "start", .. pods.Select(p => p["metadata"]!["name"]!.GetValue<string>())]);
        Assert.True(start.Code == 0, start.Text);
    }

    private static async Task<List<ManifestSeen>> AssertOneSuccessPerUnitAsync(FanOutWorld world)
    {
        var successes = (await world.ManifestsAsync()).Where(m => m.IsSuccess && m.Date >= world.First && m.Date <= world.Last).ToList();
        foreach (var date in world.Dates)
        {
            foreach (var source in FanOutWorld.Sources)
            {
                Assert.False(Assert.Single(successes, m => m.Source == source && m.Date == date).Supersedes);
            }
        }
        var verify = await world.VerifyAsync();
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.GetRawText());
        return successes;
    }
}
