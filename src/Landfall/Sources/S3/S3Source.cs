using System.Globalization;
using Landfall.Manifests;

namespace Landfall.Sources.S3;

/// <summary>
/// Objects of S3 buckets (AWS or S3-compatible), one date-templated prefix per entity. When the lake is an S3 lake on the same
/// endpoint with the same credentials, objects are copied server-side (no byte passes through Landfall); otherwise they stream
/// through with bounded memory. Each object's size, ETag, version and checksums are recorded and checked against the copy.
/// </summary>
public sealed class S3Source : ISource
{
    private readonly Dictionary<string, S3Entity> _entities;

    /// <summary>Creates the source.</summary>
    public S3Source(string name, DateOnly startDate, S3SourceSettings settings, IReadOnlyList<S3Entity> entities)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(entities);
        Name = name;
        StartDate = startDate;
        Settings = settings;
        _entities = entities.ToDictionary(e => e.Name, StringComparer.Ordinal);
        Entities = entities.Select(e => e.Name).ToList();
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Kind => "s3";

    /// <inheritdoc />
    public DateOnly StartDate { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Entities { get; }

    /// <summary>Endpoint, credentials and copy settings.</summary>
    public S3SourceSettings Settings { get; }

    /// <summary>An entity by name.</summary>
    public S3Entity Entity(string name) => _entities[name];

    /// <summary>Test seam: runs before each object is copied (after listing), so a test can delete or rewrite it in between.</summary>
    internal Func<string, CancellationToken, Task>? BeforeCopy { get; set; }

    /// <inheritdoc />
    public Task<ISourceSession> OpenAsync(SourceRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult<ISourceSession>(new S3SourceSession(this, context, new S3SourceClient(Settings, context.Logger)));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CheckFinding>> CheckAsync(SourceCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var findings = new List<CheckFinding>();
        S3SourceClient client;
        try
        {
            client = new S3SourceClient(Settings, context.Logger);
        }
        catch (SourceException e)
        {
            return [CheckFinding.Error("connection", e.Message)];
        }
        using (client)
        {
            var reached = false;
            foreach (var entity in _entities.Values)
            {
                foreach (var date in context.Dates)
                {
                    var prefix = entity.Prefix.Render(date);
                    var where = $"s3://{entity.Bucket}/{prefix}";
                    var day = ManifestKeys.FormatDate(date);
                    List<S3SourceObject> objects;
                    try
                    {
                        objects = await client.ListAsync(entity, prefix, cancellationToken).ConfigureAwait(false);
                    }
                    catch (SourceException e)
                    {
                        findings.Add(CheckFinding.Error(entity.Name, $"{e.Reason}: {e.Message}"));
                        break;
                    }
                    if (!reached)
                    {
                        findings.Insert(0, CheckFinding.Ok("connection", $"reached {client.Where} and listed with the source's credentials"));
                        reached = true;
                    }
                    if (objects.Count == 0)
                    {
                        findings.Add(entity.AllowEmpty
                            ? CheckFinding.Ok(entity.Name, $"{day}: no object under '{where}' (allowed: allow_empty)")
                            : CheckFinding.Warning(entity.Name, $"{day}: no object matching '{entity.Glob.Pattern}' under '{where}' yet"));
                        continue;
                    }
                    var bytes = objects.Sum(o => o.Size).ToString("N0", CultureInfo.InvariantCulture);
                    var unsettled = Settings.QuietPeriod > TimeSpan.Zero
                        ? objects.Count(o => o.LastModified > context.Time.GetUtcNow() - Settings.QuietPeriod) : 0;
                    var detail = $"{day}: {objects.Count} object(s), {bytes} bytes matching '{entity.Glob.Pattern}' under '{where}'";
                    findings.Add(unsettled > 0
                        ? CheckFinding.Warning(entity.Name, $"{detail}; {unsettled} modified within the quiet period ({Settings.QuietPeriod})")
                        : CheckFinding.Ok(entity.Name, detail));
                }
            }
        }
        return findings;
    }
}
