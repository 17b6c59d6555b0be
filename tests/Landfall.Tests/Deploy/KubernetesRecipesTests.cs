using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Landfall.Testing;
using YamlDotNet.RepresentationModel;

namespace Landfall.Tests.Deploy;

/// <summary>
/// The Kubernetes and Argo recipes that cannot run on this machine (podman has no Job or CronJob controller, and there is no
/// Argo), checked as strictly as can be without a cluster: each Kubernetes object is read into the Kubernetes API's own types
/// (KubernetesClient, API 1.34) in strict mode, so that a field the API does not have (a typo, a field at the wrong level) or a
/// value of the wrong type fails; Argo's WorkflowTemplate, a custom resource without such types, has each of its containers,
/// script steps and volumes read the same way, and every {{...}} reference checked against what the template declares.
/// Not caught here: what only an API server or a controller decides (defaulting, admission rules such as backoffLimitPerIndex
/// needing an Indexed Job, quotas, RBAC, image pulls), Argo's own fields outside its containers, and the schedule semantics
/// (tests/Landfall.IntegrationTests/Orchestrators/PodmanTests runs the pod templates for real).
/// </summary>
public sealed partial class KubernetesRecipesTests
{
    private static readonly string Deploy = Path.Combine(RepoPaths.Root, "deploy");

    [Fact]
    public void The_CronJob_is_a_valid_batch_v1_CronJob()
    {
        var cronJob = KubernetesYaml.Deserialize<V1CronJob>(Read("kubernetes/cronjob.yaml"), strict: true);

        Assert.Equal(("batch/v1", "CronJob"), (cronJob.ApiVersion, cronJob.Kind));
        Assert.Equal(5, cronJob.Spec.Schedule.Split(' ').Length);
        AssertLandfallPod(cronJob.Spec.JobTemplate.Spec.Template.Spec);
    }

    [Fact]
    public void The_Indexed_Job_filled_in_as_backfill_sh_does_is_a_valid_batch_v1_Job()
    {
        // backfill.sh: sed -e "s/__NAME__/$name/g" -e "s/__UNITS__/$count/"
        var yaml = Read("kubernetes/backfill-job.yaml").Replace("__NAME__", "landfall-backfill-20260101000000", StringComparison.Ordinal)
            .Replace("__UNITS__", "42", StringComparison.Ordinal);
        Assert.DoesNotContain("__", yaml, StringComparison.Ordinal);

        var job = KubernetesYaml.Deserialize<V1Job>(yaml, strict: true);

        Assert.Equal(("batch/v1", "Job"), (job.ApiVersion, job.Kind));
        Assert.Equal("Indexed", job.Spec.CompletionMode); // backoffLimitPerIndex and JOB_COMPLETION_INDEX need it
        Assert.Equal(42, job.Spec.Completions);
        Assert.NotNull(job.Spec.BackoffLimitPerIndex);
        var pod = job.Spec.Template.Spec;
        AssertLandfallPod(pod);
        Assert.Contains(pod.Volumes, v => v.ConfigMap?.Name == "landfall-backfill-20260101000000");
        Assert.Contains(Assert.Single(pod.Containers).Args, a => a.Contains("JOB_COMPLETION_INDEX", StringComparison.Ordinal));
    }

    [Fact]
    public void The_Argo_WorkflowTemplate_s_containers_and_volumes_are_valid_and_every_reference_resolves()
    {
        var root = (YamlMappingNode)Load(Read("argo/landfall-workflowtemplate.yaml")).RootNode;
        Assert.Equal("argoproj.io/v1alpha1", Scalar(root, "apiVersion"));
        Assert.Equal("WorkflowTemplate", Scalar(root, "kind"));
        var spec = Map(root, "spec");
        var volumes = Seq(spec, "volumes").Select(v => KubernetesYaml.Deserialize<V1Volume>(Yaml(v), strict: true)).ToList();
        var workflowParameters = Seq(Map(spec, "arguments"), "parameters").Select(p => Scalar((YamlMappingNode)p, "name")).ToList();
        var templates = Seq(spec, "templates").Cast<YamlMappingNode>().ToDictionary(t => Scalar(t, "name"));
        Assert.Contains(Scalar(spec, "entrypoint"), templates.Keys);

        foreach (var (name, template) in templates)
        {
            var inputs = template.Children.ContainsKey("inputs") ? Seq(Map(template, "inputs"), "parameters").Select(p => Scalar((YamlMappingNode)p, "name")).ToList() : [];
            var steps = template.Children.ContainsKey("steps") ? Seq(template, "steps").Cast<YamlSequenceNode>().SelectMany(g => g.Children).Cast<YamlMappingNode>().ToList() : [];
            foreach (var kind in new[] { "container", "script" })
            {
                if (template.Children.TryGetValue(kind, out var node))
                {
                    // An Argo script is a container plus its source.
                    var container = KubernetesYaml.Deserialize<V1Container>(Yaml(node, drop: "source"), strict: true);
                    Assert.Contains("landfall", container.Image, StringComparison.Ordinal);
                    Assert.All(container.VolumeMounts ?? [], m => Assert.Contains(volumes, v => v.Name == m.Name));
                }
            }
            foreach (var step in steps)
            {
                Assert.Contains(Scalar(step, "template"), templates.Keys);
            }
            foreach (Match reference in ArgoReference().Matches(Yaml(template)))
            {
                var path = reference.Groups[1].Value.Split('.');
                var ok = path switch
                {
                    ["workflow", "parameters", var p] => workflowParameters.Contains(p),
                    ["inputs", "parameters", var p] => inputs.Contains(p),
                    ["steps", var s, "outputs", "result"] => steps.Any(x => Scalar(x, "name") == s && templates[Scalar(x, "template")].Children.ContainsKey("script")),
                    ["item", _] => steps.Any(x => x.Children.ContainsKey("withParam")),
                    _ => false,
                };
                Assert.True(ok, $"template '{name}': {reference.Value} refers to nothing it declares");
            }
        }
    }

    /// <summary>What every landfall pod of the recipes has: a landfall container, its config from the 'landfall' ConfigMap, its own host id.</summary>
    private static void AssertLandfallPod(V1PodSpec pod)
    {
        Assert.Equal("Never", pod.RestartPolicy);
        var container = Assert.Single(pod.Containers);
        Assert.Contains("landfall", container.Image, StringComparison.Ordinal);
        Assert.Contains(pod.Volumes, v => v.ConfigMap?.Name == "landfall");
        Assert.All(container.VolumeMounts, m => Assert.Contains(pod.Volumes, v => v.Name == m.Name));
        var hostId = Assert.Single(container.Env, e => e.Name == "LANDFALL_HOST_ID");
        Assert.Equal("metadata.name", hostId.ValueFrom.FieldRef.FieldPath);
        Assert.Contains(container.Env, e => e.Name == "LANDFALL_CONFIG");
    }

    private static string Read(string path) => File.ReadAllText(Path.Combine(Deploy, path));

    private static YamlDocument Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Assert.Single(stream.Documents);
    }

    private static string Yaml(YamlNode node, string? drop = null)
    {
        if (drop is not null && node is YamlMappingNode map)
        {
            node = new YamlMappingNode(map.Children.Where(kv => ((YamlScalarNode)kv.Key).Value != drop));
        }
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static IEnumerable<YamlNode> Seq(YamlMappingNode node, string key) => ((YamlSequenceNode)node.Children[new YamlScalarNode(key)]).Children;

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    [GeneratedRegex(@"\{\{\s*([\w.-]+)\s*\}\}")]
    private static partial Regex ArgoReference();
}
