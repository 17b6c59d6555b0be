using Landfall.Config;
using Landfall.Diagnostics;
using Landfall.Lake;
using Landfall.Planning;
using Landfall.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Landfall.Hosting;

/// <summary>
/// Builds a <see cref="LandfallHost"/>: the config (a file or an object), the source and lake kinds it may name, and optionally
/// logging, a clock and a lake of the caller's. <c>new LandfallHostBuilder()</c> (or <see cref="LandfallHost.CreateBuilder"/>) starts
/// with every built-in kind (<see cref="BuiltInKindsBuilderExtensions.AddBuiltInKinds"/>); <see cref="LandfallHost.CreateSlimBuilder"/>
/// with none, for a host that names only the kinds it uses (<c>AddLocalLake()</c>, <c>AddPostgresSource()</c>, ...).
/// </summary>
public sealed class LandfallHostBuilder
{
    /// <summary>The logger category of <c>config_warning</c> events, for a program that shows config warnings its own way.</summary>
    public const string ConfigLogCategory = "Landfall.Config";

    private readonly List<ISourceKind> _sourceKinds = [];
    private readonly List<ILakeKind> _lakeKinds = [];
    private string? _configFile;
    private LandfallConfig? _config;
    private ILoggerFactory? _loggerFactory;
    private TimeProvider _time = TimeProvider.System;
    private ILake? _lake;

    /// <summary>A builder with every built-in kind registered (the full preset).</summary>
    public LandfallHostBuilder()
        : this(slim: false)
    {
    }

    private LandfallHostBuilder(bool slim)
    {
        if (!slim)
        {
            this.AddBuiltInKinds();
        }
    }

    /// <summary>A builder with no kind registered.</summary>
    internal static LandfallHostBuilder Slim() => new(slim: true);

    /// <summary>The source kinds a config may name, in registration order.</summary>
    public IReadOnlyList<ISourceKind> SourceKinds => _sourceKinds;

    /// <summary>The lake kinds a config may name, in registration order; the first that has a default lake serves a config without <c>lake:</c>.</summary>
    public IReadOnlyList<ILakeKind> LakeKinds => _lakeKinds;

    /// <summary>Every kind registered so far.</summary>
    public LandfallKinds Kinds => new([.. _sourceKinds], [.. _lakeKinds]);

    /// <summary>Registers a source kind (one outside the library included); its <c>kind:</c> value must be new.</summary>
    public LandfallHostBuilder AddSourceKind(ISourceKind kind) => Add(_sourceKinds, kind, k => k.Kind, "source");

    /// <summary>Registers a lake kind (one outside the library included); its <c>kind:</c> value must be new.</summary>
    public LandfallHostBuilder AddLakeKind(ILakeKind kind) => Add(_lakeKinds, kind, k => k.Kind, "lake");

    private LandfallHostBuilder Add<TKind>(List<TKind> kinds, TKind kind, Func<TKind, string> nameOf, string what)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (kinds.Any(k => nameOf(k) == nameOf(kind)))
        {
            throw new ArgumentException($"A {what} kind '{nameOf(kind)}' is already registered.", nameof(kind));
        }
        kinds.Add(kind);
        return this;
    }

    /// <summary>Reads the config from <paramref name="path"/> (landfall.yaml) when the host is built.</summary>
    public LandfallHostBuilder UseConfigFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        (_configFile, _config) = (path, null);
        return this;
    }

    /// <summary>Uses a config already loaded (<see cref="ConfigLoader"/>) or built in code.</summary>
    public LandfallHostBuilder UseConfig(LandfallConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        (_configFile, _config) = (null, config);
        return this;
    }

    /// <summary>Logs through <paramref name="loggerFactory"/> (default: no logging). The host does not dispose it.</summary>
    public LandfallHostBuilder UseLoggerFactory(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _loggerFactory = loggerFactory;
        return this;
    }

    /// <summary>Takes every time (today, manifests' instants, claim ages) from <paramref name="time"/> (default: the system clock).</summary>
    public LandfallHostBuilder UseTimeProvider(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        return this;
    }

    /// <summary>Lands in <paramref name="lake"/> instead of the lake the config names. The host does not dispose it.</summary>
    public LandfallHostBuilder UseLake(ILake lake)
    {
        ArgumentNullException.ThrowIfNull(lake);
        _lake = lake;
        return this;
    }

    /// <summary>
    /// Reads and checks the config as <see cref="Build"/> does, without touching the lake or any source: every error (as a
    /// <see cref="ConfigException"/>) and every warning (<see cref="LandfallConfig.Warnings"/>).
    /// </summary>
    public LandfallConfig Validate()
    {
        var config = LoadConfig();
        if (_lake is null)
        {
            // Creating the lake's client reaches nothing (no request is made), but finds settings that cannot be used.
            (OpenLake(config, NullLoggerFactory.Instance) as IDisposable)?.Dispose();
        }
        return config;
    }

    /// <summary>
    /// Loads the config and opens the lake. Config problems, and lake settings that parse but cannot be used (an unknown profile),
    /// throw a <see cref="ConfigException"/> naming file, line and key. Config warnings are logged as <c>config_warning</c>.
    /// </summary>
    public LandfallHost Build()
    {
        var config = LoadConfig();
        var loggerFactory = _loggerFactory ?? NullLoggerFactory.Instance;
        var configLogger = loggerFactory.CreateLogger(ConfigLogCategory);
        foreach (var warning in config.Warnings)
        {
            Log.ConfigWarning(configLogger, warning.ToString());
        }
        var lake = _lake ?? OpenLake(config, loggerFactory);
        var workspace = new Workspace(config.FilePath, config.Env, config.Schedule, config.Sources, lake, loggerFactory, _time, config.Policies)
        {
            Contracts = config.Contracts,
            Telemetry = new Telemetry.RunTelemetry(config.Telemetry, config.Env, lake, config.Schedule.TimeZone,
                loggerFactory.CreateLogger("Landfall.Telemetry"), _time),
        };
        return new LandfallHost(config, workspace, ownsLake: _lake is null);
    }

    private LandfallConfig LoadConfig() => _config ?? (_configFile is { } path
        ? ConfigLoader.Load(path, Kinds)
        : throw new InvalidOperationException("Call UseConfigFile or UseConfig before Build."));

    private ILake OpenLake(LandfallConfig config, ILoggerFactory loggerFactory)
    {
        var kind = _lakeKinds.FirstOrDefault(k => k.Kind == config.Lake.Kind)
            ?? throw new ConfigException(config.FilePath, 0, "lake", $"lake kind '{config.Lake.Kind}' is not registered with this host " +
                $"(registered: {(_lakeKinds.Count == 0 ? "none" : string.Join(", ", _lakeKinds.Select(k => k.Kind)))})");
        try
        {
            return kind.Open(config.Lake, new LakeOpenContext(loggerFactory.CreateLogger("Landfall.Lake"), _time));
        }
        catch (Exception e) when (e is LandfallException or ArgumentException or UriFormatException)
        {
            throw new ConfigException(config.FilePath, 0, "lake", e.Message, e);
        }
    }
}
