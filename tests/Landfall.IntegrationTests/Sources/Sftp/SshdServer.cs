using System.Diagnostics;
using System.Net.Sockets;

namespace Landfall.IntegrationTests.Sources.Sftp;

/// <summary>
/// The real OpenSSH sshd that scripts/services/sshd/start.sh starts on 127.0.0.1:2222 (user sftptest, its keys, password and host
/// key fingerprints under ROOT/client, the sftp root ROOT/home). Found through LANDFALL_SSHD_HOST, LANDFALL_SSHD_PORT and
/// LANDFALL_SSHD_ROOT; tests create their drops in the server's home folder directly (same machine) and read them over SFTP.
/// </summary>
public sealed class SshdServer : IAsyncLifetime
{
    public string Host { get; } = Environment.GetEnvironmentVariable("LANDFALL_SSHD_HOST") ?? "127.0.0.1";

    public int Port { get; } = int.Parse(Environment.GetEnvironmentVariable("LANDFALL_SSHD_PORT") ?? "2222", System.Globalization.CultureInfo.InvariantCulture);

    public string Root { get; } = Environment.GetEnvironmentVariable("LANDFALL_SSHD_ROOT") ?? "/tmp/landfall-test/sshd";

    public string User => "sftptest";

    public string Home => Path.Combine(Root, "home");

    public string KeyPath => Path.Combine(Root, "client", "id_ed25519");

    public string RsaKeyPath => Path.Combine(Root, "client", "id_rsa");

    public string HostKeyEd25519 { get; private set; } = "";

    public string HostKeyRsa { get; private set; } = "";

    public string Password { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var missing = new[] { KeyPath, Path.Combine(Root, "client", "hostkey_ed25519.sha256"), Path.Combine(Root, "client", "password") }
            .FirstOrDefault(f => !File.Exists(f));
        try
        {
            if (missing is not null)
            {
                throw new FileNotFoundException($"'{missing}' is missing");
            }
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(Host, Port).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"No test sshd at {Host}:{Port} with its files under {Root} ({e.Message}). Start it with 'scripts/services/sshd/start.sh' " +
                "(as root; or run ./test.sh, which does).", e);
        }
        HostKeyEd25519 = (await File.ReadAllTextAsync(Path.Combine(Root, "client", "hostkey_ed25519.sha256"))).Trim();
        HostKeyRsa = (await File.ReadAllTextAsync(Path.Combine(Root, "client", "hostkey_rsa.sha256"))).Trim();
        Password = (await File.ReadAllTextAsync(Path.Combine(Root, "client", "password"))).Trim();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A fresh folder in the sftp root, readable by the test user; returns its path relative to the login folder.</summary>
    public string NewDrop(out string localPath)
    {
        var name = $"t-{Guid.NewGuid():N}";
        localPath = Path.Combine(Home, name);
        Directory.CreateDirectory(localPath);
        Run("chown", "-R", $"{User}:", localPath);
        return name;
    }

    /// <summary>Pids of the listener's per-connection session processes (not the listener itself).</summary>
    public IReadOnlyList<int> SessionPids()
    {
        var listener = int.Parse(File.ReadAllText(Path.Combine(Root, "sshd.pid.launcher")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var result = new List<int>();
        var pending = new Queue<int>([listener]);
        while (pending.Count > 0)
        {
            var parent = pending.Dequeue();
            foreach (var line in Run("ps", "-o", "pid=", "--ppid", parent.ToString(System.Globalization.CultureInfo.InvariantCulture))
                         .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var pid = int.Parse(line, System.Globalization.CultureInfo.InvariantCulture);
                result.Add(pid);
                pending.Enqueue(pid);
            }
        }
        return result;
    }

    /// <summary>Sends a signal to every session process of the listener (the listener keeps accepting new connections).</summary>
    public void SignalSessions(string signal)
    {
        foreach (var pid in SessionPids())
        {
            Run("kill", "-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), allowFailure: true);
        }
    }

    public static string Run(string file, params string[] args) => Run(file, args, allowFailure: false);

    public static string Run(string file, string a, string b, bool allowFailure) => Run(file, [a, b], allowFailure);

    public static string Run(string file, string[] args, bool allowFailure)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 && !allowFailure && !(file == "ps" && p.ExitCode == 1))
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {error}");
        }
        return output;
    }
}

/// <summary>
/// All SFTP tests share one collection, so they run one at a time: some kill or stop the server's session processes, which would
/// break any other test's connection at that moment.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SshdCollection : ICollectionFixture<SshdServer>
{
    public const string Name = "sshd";
}
