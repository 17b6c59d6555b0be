using System.Text.RegularExpressions;
using Landfall.Testing;

namespace Landfall.Tests.Deploy;

/// <summary>
/// deploy/Dockerfile (for Docker or buildah bud, on debian:bookworm-slim) and scripts/build-image.sh (buildah from scratch, what
/// the tests build and run with podman, since no base image can be pulled here) describe the same image: the same files in the
/// same places, the same user, working folder, environment, entrypoint and command, and a counterpart in the script for every
/// package the Dockerfile installs. A change to one that the other does not follow fails here.
/// </summary>
public sealed partial class ContainerImageTests
{
    private static readonly string[] Dockerfile = Instructions(File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "Dockerfile")));
    private static readonly string Script = File.ReadAllText(Path.Combine(RepoPaths.Root, "scripts", "build-image.sh"));

    /// <summary>Each Debian package the Dockerfile installs, and what stands for it in the script.</summary>
    private static readonly Dictionary<string, string> Counterparts = new(StringComparer.Ordinal)
    {
        ["ca-certificates"] = "put /etc/ssl/certs/ca-certificates.crt",
        ["libssl3"] = "libssl.so.3",
        ["tzdata"] = "/usr/share/zoneinfo",
        ["libstdc++6"] = "ldd \"$f\"", // ParquetSharpNative.so's libraries, libstdc++ among them, come from ldd
        ["jq"] = "with_libs \"$(command -v jq)\"",
    };

    [Fact]
    public void The_script_sets_what_the_Dockerfile_sets()
    {
        var user = Single("USER");
        Assert.Contains($"--user {user}", Script, StringComparison.Ordinal);
        Assert.Contains($"--workingdir {Single("WORKDIR")}", Script, StringComparison.Ordinal);
        Assert.Contains($"--entrypoint '{Single("ENTRYPOINT")}'", Script, StringComparison.Ordinal);
        Assert.Contains($"--cmd '{Single("CMD")}'", Script, StringComparison.Ordinal);
        var env = EnvPair().Matches(Single("ENV")).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.NotEmpty(env);
        foreach (var (name, value) in env)
        {
            // $PATH is the base image's (Debian's default); the script spells it out.
            var expected = value.Replace("$PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", StringComparison.Ordinal);
            Assert.Contains($"--env {name}={expected}", Script, StringComparison.Ordinal);
        }
        // The non-root user of the Dockerfile's useradd, with its home as the working folder.
        var uid = user.Split(':')[0];
        Assert.Contains($"--uid {uid}", Single("RUN", "useradd"), StringComparison.Ordinal);
        Assert.Contains($"landfall:x:{uid}:{uid}::{Single("WORKDIR")}:", Script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_script_puts_the_native_build_where_the_Dockerfile_copies_it()
    {
        var copy = Single("COPY");
        var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToList();
        var (files, folder) = (parts[..^1], parts[^1].TrimEnd('/'));
        Assert.Equal(["landfall", "ParquetSharpNative.so"], files);
        var mode = Regex.Match(copy, @"--chmod=0?(\d{3})").Groups[1].Value;
        Assert.Contains($"install -m 0{mode} \"$native/landfall\" \"$native/ParquetSharpNative.so\" \"$root{folder}/\"", Script, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_package_the_Dockerfile_installs_has_its_counterpart_in_the_script()
    {
        var install = Single("RUN", "apt-get install");
        var packages = Regex.Match(install, @"--no-install-recommends ([^&]+)").Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(packages);
        foreach (var package in packages)
        {
            Assert.True(Counterparts.TryGetValue(package, out var counterpart), $"the Dockerfile installs {package}: give scripts/build-image.sh its counterpart");
            Assert.Contains(counterpart, Script, StringComparison.Ordinal);
        }
    }

    private static string Single(string instruction, string? containing = null) =>
        Assert.Single(Dockerfile, l => l.StartsWith(instruction + " ", StringComparison.Ordinal)
            && (containing is null || l.Contains(containing, StringComparison.Ordinal)))[(instruction.Length + 1)..].Trim();

    /// <summary>The Dockerfile's instructions, one per entry: comments dropped, continued lines joined.</summary>
    private static string[] Instructions(string text) =>
        Regex.Replace(string.Join("\n", text.Split('\n').Where(l => !l.TrimStart().StartsWith('#'))), @"\\\n\s*", " ")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"(\w+)=(\S+)")]
    private static partial Regex EnvPair();
}
