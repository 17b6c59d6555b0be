using System.Text;
using System.Text.Json;
using Landfall.Cli;
using Landfall.Cli.Output;
using Landfall.Hosting;
using Landfall.Lake.Local;
using Landfall.Runs;
using Landfall.Testing;
using Microsoft.Extensions.Logging;

namespace Landfall.IntegrationTests.Sources.Sftp;

/// <summary>
/// One SFTP test's world: a fresh drop folder in the server's sftp root, a local-folder lake and a landfall.yaml with one sftp
/// source 'partner' (entity 'items', directory DROP/{date}) pinned to the server's ed25519 host key, runs on the real clock.
/// </summary>
public sealed class SftpWorld : IDisposable
{
    public static readonly DateOnly Day = new(2026, 1, 1);

    private readonly SshdServer _server;

    public SftpWorld(SshdServer server)
    {
        _server = server;
        Remote = server.NewDrop(out var local);
        LocalDrop = local;
        Folder = Directory.CreateTempSubdirectory("landfall-sftp-").FullName;
        Lake = new LocalFolderLake(Path.Combine(Folder, "lake"));
        Source = new()
        {
            ["host"] = server.Host,
            ["port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["username"] = server.User,
            ["private_key"] = server.KeyPath,
            ["host_key_fingerprint"] = $"\"{server.HostKeyEd25519}\"",
            ["settle_interval"] = "300ms",
            ["retry_delay"] = "50ms",
            ["connect_timeout"] = "5s",
            ["operation_timeout"] = "10s",
        };
        Entity = new() { ["directory"] = $"\"{Remote}/{{date}}\"" };
    }

    /// <summary>The drop folder relative to the sftp login folder.</summary>
    public string Remote { get; }

    /// <summary>The same folder on the local disk.</summary>
    public string LocalDrop { get; }

    public string Folder { get; }

    public LocalFolderLake Lake { get; }

    /// <summary>Source keys (YAML values as written); a null value leaves the key out.</summary>
    public Dictionary<string, string?> Source { get; }

    /// <summary>Keys of the entity 'items'.</summary>
    public Dictionary<string, string?> Entity { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Called with every log event's name as it is logged (to act at a precise moment of a run).</summary>
    public Action<string>? OnEvent { get; set; }

    public string ConfigPath => Path.Combine(Folder, "landfall.yaml");

    /// <summary>The local folder of the drop for a date.</summary>
    public string DateFolder(DateOnly? date = null) => Path.Combine(LocalDrop, (date ?? Day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Writes a file into the drop (relative name may contain folders); modified an hour ago unless said otherwise.</summary>
    public string Drop(string relativeName, byte[] content, DateOnly? date = null, TimeSpan? age = null)
    {
        var path = Path.Combine(DateFolder(date), relativeName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - (age ?? TimeSpan.FromHours(1)));
        return path;
    }

    public string Drop(string relativeName, string content, DateOnly? date = null, TimeSpan? age = null) =>
        Drop(relativeName, Encoding.UTF8.GetBytes(content), date, age);

    public void WriteConfig()
    {
        static string Lines(Dictionary<string, string?> keys, string indent) =>
            string.Concat(keys.Where(kv => kv.Value is not null).Select(kv => $"{indent}{kv.Key}: {kv.Value}\n"));
        File.WriteAllText(ConfigPath, $"""
            env: test
            lake: {"{"} kind: local, path: ./lake {"}"}
            schedule:
              timezone: UTC
              lag_days: 1
            sources:
              - name: partner
                kind: sftp
                start_date: 2026-01-01
            {Lines(Source, "    ")}    entities:
                  - name: items
            {Lines(Entity, "        ")}
            """);
    }

    /// <summary>Runs the date (on the real clock) and returns its result, whether or not it wrote a manifest.</summary>
    public async Task<RunResult> RunResultAsync(DateOnly? date = null)
    {
        WriteConfig();
        var runner = TestHosts.Runner(ConfigLoader.Load(ConfigPath), Lake, new HookingLoggerFactory(Logs, this), TimeProvider.System);
        return Assert.Single(await runner.RunDateAsync(date ?? Day, new RunOptions(), CancellationToken.None));
    }

    public async Task<SftpRun> RunAsync(DateOnly? date = null)
    {
        var result = await RunResultAsync(date);
        Assert.NotNull(result.ManifestKey);
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(Lake.Root, result.ManifestKey)));
        return new SftpRun(result, doc.RootElement.Clone(), Lake.Root);
    }

    /// <summary>Runs the real CLI in-process against this world's config.</summary>
    public async Task<CliOutcome> CliAsync(params string[] args)
    {
        WriteConfig();
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.InvokeAsync([.. args, "--config", ConfigPath], new CliConsole(output, error, TimeProvider.System, Logs));
        return new CliOutcome(code, output.ToString(), error.ToString());
    }

    /// <summary>Every file under the lake's bronze folder, temporary ones included.</summary>
    public IReadOnlyList<string> BronzeFiles() => Directory.Exists(Path.Combine(Lake.Root, "bronze"))
        ? Directory.GetFiles(Path.Combine(Lake.Root, "bronze"), "*", SearchOption.AllDirectories)
        : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
            Directory.Delete(LocalDrop, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class HookingLoggerFactory(CapturingLoggerProvider logs, SftpWorld world) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new Hook(logs.CreateLogger(categoryName), world);

        public void AddProvider(ILoggerProvider provider) { }

        public void Dispose() { }

        private sealed class Hook(ILogger inner, SftpWorld world) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                world.OnEvent?.Invoke(eventId.Name ?? "");
            }
        }
    }
}

/// <summary>A run's result and its manifest.</summary>
public sealed record SftpRun(RunResult Result, JsonElement Manifest, string LakeRoot)
{
    public string Status => Manifest.GetProperty("status").GetString()!;

    public string? ErrorType => Manifest.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("type").GetString()).FirstOrDefault();

    /// <summary>For a late manifest (the date was past due and its files not there or not settled), why: its message's prefix.</summary>
    public string? LateReason => ErrorType == "late" ? ErrorMessage.Split(':')[0] : null;

    public string ErrorMessage => Manifest.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()).FirstOrDefault() ?? "";

    public JsonElement Items => Manifest.GetProperty("outputs").GetProperty("items");

    public IReadOnlyList<JsonElement> Objects => Items.GetProperty("objects").EnumerateArray().ToList();

    public byte[] Read(string key) => File.ReadAllBytes(Path.Combine(LakeRoot, key));
}
