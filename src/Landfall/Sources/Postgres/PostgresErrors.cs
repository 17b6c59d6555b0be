using System.Net.Sockets;
using Landfall.Config;
using Npgsql;

namespace Landfall.Sources.Postgres;

/// <summary>Turns Npgsql and PostgreSQL errors into <see cref="SourceException"/>s a user can act on, with the password removed.</summary>
internal static class PostgresErrors
{
    /// <summary>An error met while connecting and opening the snapshot.</summary>
    public static SourceException Connect(Exception ex, PostgresSettings settings)
    {
        var where = settings.Describe();
        var detail = settings.Redact(Describe(ex));
        return ex switch
        {
            PostgresException { SqlState: "28P01" or "28000" } => new SourceException("auth_failed",
                $"PostgreSQL refused the login {where}: {detail}. Check the user and password in connection_string " +
                "(or the environment variable it references); retrying will not help.", null),
            PostgresException { SqlState: "3D000" } => new SourceException("database_missing",
                $"The database in connection_string does not exist ({where}): {detail}. Fix Database= in connection_string.", null),
            PostgresException pe => new SourceException("connection_failed",
                $"PostgreSQL {where} refused the session: {detail}.", null, pe.IsTransient),
            _ when Find<SocketException>(ex) is { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } =>
                new SourceException("host_not_found",
                    $"The PostgreSQL host in connection_string cannot be resolved ({where}): {detail}. Check Host= in connection_string " +
                    "and the machine's DNS.", null, isTransient: true),
            _ when Find<SocketException>(ex) is { SocketErrorCode: SocketError.ConnectionRefused } =>
                new SourceException("connection_refused",
                    $"Nothing accepts connections at {where}: {detail}. Check that PostgreSQL is running and Host= and Port= in " +
                    "connection_string; the next run retries.", null, isTransient: true),
            _ when Find<TimeoutException>(ex) is not null => new SourceException("connection_timeout",
                $"No answer from PostgreSQL {where} within connect_timeout ({ConfigDuration.Format(settings.ConnectTimeout)}): {detail}. Check the " +
                "network path and Host=/Port=, or raise connect_timeout.", null, isTransient: true),
            NpgsqlException ne => new SourceException("connection_failed",
                $"Cannot connect to PostgreSQL {where}: {detail}.", null, ne.IsTransient),
            _ => new SourceException("connection_failed", $"Cannot connect to PostgreSQL {where}: {detail}.", null),
        };
    }

    /// <summary>An error met while reading one entity inside the snapshot.</summary>
    public static SourceException Read(Exception ex, PostgresSettings settings, string entity)
    {
        var detail = settings.Redact(Describe(ex));
        return ex switch
        {
            PostgresException { SqlState: "57014" } => new SourceException("statement_timeout",
                $"Reading entity '{entity}' took longer than command_timeout ({ConfigDuration.Format(settings.CommandTimeout)}) and PostgreSQL " +
                $"cancelled it ({detail}). Raise command_timeout, or make the query cheaper; the next run redoes the date.", null),
            PostgresException { SqlState: "57P01" or "57P02" or "57P03" } => new SourceException("connection_lost",
                $"The PostgreSQL session was terminated while reading entity '{entity}' ({detail}). A snapshot cannot be resumed, so " +
                "nothing of this date is kept; the next run redoes the date.", null, isTransient: true),
            PostgresException { SqlState: "25006" } => new SourceException("query_failed",
                $"The SQL of entity '{entity}' tries to write ({detail}); a source is read in a read-only transaction. " +
                "Make the query a plain SELECT.", null),
            PostgresException pe => new SourceException("query_failed",
                $"The SQL of entity '{entity}' failed: {detail}. Fix the table or query in the config " +
                "(a query sees the date only as @ingest_date, @window_start and @window_end).", null, pe.IsTransient),
            NpgsqlException or IOException or ObjectDisposedException => new SourceException("connection_lost",
                $"The connection to PostgreSQL broke while reading entity '{entity}' ({detail}). Nothing of this date is kept; " +
                "the next run redoes the date.", null, isTransient: true),
            _ => new SourceException("query_failed", $"Reading entity '{entity}' failed: {detail}.", null),
        };
    }

    private static string Describe(Exception ex)
    {
        if (ex is PostgresException pe)
        {
            return $"{pe.SqlState} {pe.MessageText}" + (pe.Position > 0 ? $" at character {pe.Position}" : "");
        }
        var messages = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is PostgresException inner)
            {
                messages.Add($"{inner.SqlState} {inner.MessageText}");
                break;
            }
            messages.Add(e.Message.TrimEnd('.'));
        }
        return string.Join(": ", messages.Distinct());
    }

    private static T? Find<T>(Exception ex)
        where T : Exception
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is T t)
            {
                return t;
            }
        }
        return null;
    }
}
