using System.Net.Sockets;
using Renci.SshNet.Common;

namespace Landfall.Sources.Sftp;

/// <summary>Turns SSH.NET and socket errors into <see cref="SourceException"/>s with stable reasons and messages a user can act on.</summary>
internal static class SftpErrors
{
    /// <summary>
    /// The error for <paramref name="e"/>, raised while working on <paramref name="path"/> (null: the connection itself). Only
    /// connection_failed, connection_lost and timeout are transient within a run; the others need a person or a later run.
    /// </summary>
    public static SourceException Translate(Exception e, SftpSettings settings, string? path)
    {
        var where = path is null ? $"sftp://{settings.Endpoint}" : $"'{path}' on sftp://{settings.Endpoint}";
        return e switch
        {
            SourceException se => se,
            SshAuthenticationException => new SourceException("auth_failed",
                $"The SFTP server {settings.Endpoint} refused to authenticate user '{settings.Username}' ({e.Message}); " +
                "check username, password or private key (and its passphrase) in the source's config.", e),
            // A socket error once a file is being read means the established connection died, not that it could not be made.
            SocketException when path is not null => new SourceException("connection_lost",
                $"The connection to sftp://{settings.Endpoint} was lost while working on {where} ({e.Message}); nothing partial is kept. " +
                "A later run retries.", e, isTransient: true),
            SocketException se => new SourceException("connection_failed",
                $"Cannot connect to sftp://{settings.Endpoint}: {se.SocketErrorCode} ({se.Message}); check host and port and that the " +
                "server is up. A later run retries.", e, isTransient: true),
            SshOperationTimeoutException => new SourceException("timeout",
                $"The SFTP server did not answer in time for {where} ({e.Message}); connect_timeout / operation_timeout bound each " +
                "step. A later run retries.", e, isTransient: true),
            SftpPathNotFoundException => new SourceException("file_vanished",
                $"{where} no longer exists: it was listed but vanished before it could be read; a later run retries with a fresh listing.",
                e, isTransient: true),
            SftpPermissionDeniedException => new SourceException("permission_denied",
                $"Permission denied reading {where} as '{settings.Username}'; ask the partner to grant read access.", e),
            SshConnectionException or ObjectDisposedException or IOException => new SourceException("connection_lost",
                $"The connection to sftp://{settings.Endpoint} was lost while working on {where} ({e.Message}); nothing partial is kept. " +
                "A later run retries.", e, isTransient: true),
            SshException => new SourceException("sftp_error", $"SFTP error on {where}: {e.Message}", e),
            _ => new SourceException("sftp_error", $"Unexpected error on {where}: {e.GetType().Name}: {e.Message}", e),
        };
    }
}
