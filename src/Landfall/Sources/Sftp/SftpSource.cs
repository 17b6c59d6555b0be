using System.Globalization;
using Landfall.Layout;
using Landfall.Sources.Readiness;

namespace Landfall.Sources.Sftp;

/// <summary>
/// A partner's drop on an SFTP server. The host key is always verified against the pinned fingerprint; only settled files are
/// taken; each file streams into the lake with its SHA-256 computed on the way, never held whole in memory.
/// </summary>
internal sealed class SftpSource(string name, DateOnly startDate, SftpSettings settings, IReadOnlyList<FolderEntity> entities)
    : SourceBase<FolderEntity>(name, "sftp", startDate, entities), IReconcilableSource, ILineageInputs
{
    /// <summary>The remote file system convention: namespace sftp://host:port, name the date's directory.</summary>
    public IReadOnlyList<(string Entity, string Namespace, string Name)> LineageInputs(DateOnly date) =>
        [.. EntityDefinitions.Select(e => (e.Name, $"sftp://{Settings.Endpoint}", e.Directory.Render(date)))];

    /// <summary>Connection and settle settings.</summary>
    public SftpSettings Settings { get; } = settings;

    public DoneMarker? Marker => Settings.Readiness.DoneMarker;

    /// <inheritdoc />
    public override async Task<ISourceSession> OpenAsync(SourceRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new SftpSourceSession(this, await ConnectAsync(context.Logger, context.Time, cancellationToken).ConfigureAwait(false), context);
    }

    /// <inheritdoc />
    public async Task<ISourceObserver> OpenObserverAsync(SourceObserveContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new SftpObserver(this, await ConnectAsync(context.Logger, context.Time, cancellationToken).ConfigureAwait(false), context);
    }

    /// <summary>A connection with the verified host key and the configured retries, or the failure, with nothing left open.</summary>
    private async Task<SftpConnection> ConnectAsync(Microsoft.Extensions.Logging.ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        var connection = new SftpConnection(Settings, logger, time);
        try
        {
            await connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return connection;
    }

    /// <inheritdoc />
    public EntityObservation Recorded(string entity, Manifests.EntityOutput output) => Observations.FromObjects(entity, output, "directory");

    /// <inheritdoc />
    public override async Task<IReadOnlyList<CheckFinding>> CheckAsync(SourceCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var findings = new List<CheckFinding>();
        // One attempt: check reports what it sees now rather than waiting through backoff.
        using var connection = new SftpConnection(Settings, context.Logger, context.Time, maxAttempts: 1);
        try
        {
            await connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SourceException e)
        {
            var presented = connection.PresentedFingerprint;
            switch (e.Reason)
            {
                case "host_key_not_pinned":
                    findings.Add(CheckFinding.Error("host_key", $"sftp://{Settings.Endpoint} presents {presented}; nothing is pinned. " +
                        $"Once confirmed with the partner, add host_key_fingerprint: \"{presented}\" to source '{Name}'."));
                    findings.Add(CheckFinding.Warning("auth", "not attempted: credentials are only sent to a server whose host key is pinned"));
                    break;
                case "host_key_mismatch":
                    findings.Add(CheckFinding.Error("host_key", $"sftp://{Settings.Endpoint} presents {presented}, which does not match the " +
                        $"pinned {string.Join(", ", Settings.HostKeyFingerprints)}; confirm the new key with the partner before changing host_key_fingerprint."));
                    findings.Add(CheckFinding.Warning("auth", "not attempted: the host key does not match the pin"));
                    break;
                case "auth_failed":
                    findings.Add(CheckFinding.Ok("host_key", $"sftp://{Settings.Endpoint} presents {presented} (matches the pin)"));
                    findings.Add(CheckFinding.Error("auth", e.Message));
                    break;
                default:
                    findings.Add(CheckFinding.Error("connection", e.Message));
                    break;
            }
            return findings;
        }
        findings.Add(CheckFinding.Ok("host_key", $"sftp://{Settings.Endpoint} presents {connection.PresentedFingerprint} (matches the pin)"));
        findings.Add(CheckFinding.Ok("auth", $"authenticated as '{Settings.Username}' ({AuthKind()}), cipher {connection.Cipher}, key exchange {connection.KeyExchange}"));
        foreach (var entity in EntityDefinitions)
        {
            foreach (var date in context.Dates)
            {
                var day = ManifestKeys.FormatDate(date);
                var folder = entity.Directory.Render(date);
                try
                {
                    folder = await connection.AbsoluteAsync(folder, cancellationToken).ConfigureAwait(false);
                    var listing = await SftpListing.TakeAsync(connection, entity, Marker, folder, context.Time, cancellationToken).ConfigureAwait(false);
                    var bytes = listing.Files.Sum(f => f.Size).ToString("N0", CultureInfo.InvariantCulture);
                    var markers = Marker is null ? "" : $", {listing.Markers.Count} done marker(s) '{Marker.Pattern}'";
                    findings.Add(entity.Found(date, listing.Files.Count, "file", $"in '{folder}'",
                        $"{listing.Files.Count} file(s) matching '{entity.Glob.Pattern}' in '{folder}' ({bytes} bytes{markers})"));
                }
                catch (SourceException e)
                {
                    findings.Add(CheckFinding.Error(entity.Name, $"{day}: {e.Message}"));
                }
            }
        }
        return findings;
    }

    private string AuthKind() => Settings.PrivateKeyPath is not null ? "private key file"
        : Settings.PrivateKeyEnv is not null ? $"private key from {Settings.PrivateKeyEnv}" : "password";
}
