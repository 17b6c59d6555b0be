using System.Globalization;
using System.Text.Json;
using Landfall.Lake;
using Landfall.Layout;

namespace Landfall.Manifests;

/// <summary>A manifest as found in the lake: where it is, and what could be read of it.</summary>
internal sealed class ManifestRead
{
    internal ManifestRead(LakeObjectInfo info, ManifestReadOutcome outcome, JsonElement? root, string? problem)
    {
        Info = info;
        Outcome = outcome;
        Root = root;
        Problem = problem;
        StatusText = root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String
            ? s.GetString()
            : null;
        Status = outcome == ManifestReadOutcome.Ok && StatusText is { } word ? ManifestState.Of(word).Status : ManifestStatus.Unknown;
    }

    /// <summary>The object in the lake.</summary>
    public LakeObjectInfo Info { get; }

    /// <summary>Its key.</summary>
    public string Key => Info.Key;

    /// <summary>How reading went.</summary>
    public ManifestReadOutcome Outcome { get; }

    /// <summary>Why it could not be read, when it could not.</summary>
    public string? Problem { get; }

    /// <summary>The parsed document, when it parsed.</summary>
    public JsonElement? Root { get; }

    /// <summary>The status string as written, when there is one.</summary>
    public string? StatusText { get; }

    /// <summary>What the status says: unknown for a word neither writer uses, and for anything unreadable.</summary>
    public ManifestStatus Status { get; }

    /// <summary>True only for a readable object whose status is exactly "success", as the seed's check.</summary>
    public bool IsSuccess => Status == ManifestStatus.Success;

    /// <summary>The status as the read side reports it: the word as written, or why the manifest could not be read.</summary>
    public ManifestState State => FailureReason is { } reason
        ? new ManifestState(ManifestStatus.Unknown, reason)
        : StatusText is { } word ? ManifestState.Of(word) : new ManifestState(ManifestStatus.Unknown, "?");

    /// <summary>The stable event name / reason for an unreadable manifest.</summary>
    public string? FailureReason => Outcome switch
    {
        ManifestReadOutcome.ReadFailed => "manifest_read_failed",
        ManifestReadOutcome.TooLarge => "manifest_too_large",
        ManifestReadOutcome.DecodeFailed => "manifest_decode_failed",
        ManifestReadOutcome.NotObject => "manifest_not_object",
        ManifestReadOutcome.StatusInvalid => "manifest_status_invalid",
        _ => null,
    };

    /// <summary>The run id: from the document when it has one, else from the key; empty for an object outside the key layout.</summary>
    public string RunId => GetString("run_id") ?? (IsManifestKey ? ManifestKeys.RunIdOfKey(Key) : "");

    /// <summary>
    /// Whether the object's name follows the layout (<c>run_id=R.json</c>). Other objects in a manifest folder (a .DS_Store, a
    /// notes.txt) still count, as in the seed's code, but are shown as what they are.
    /// </summary>
    public bool IsManifestKey => ManifestKeys.IsManifestName(Key);

    /// <summary>How far ahead of this host's clock a LastModified may be before it is flagged (clocks drift a little).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Whether the lake says it was written after <paramref name="now"/> (plus <see cref="FutureTolerance"/>).</summary>
    public bool IsInFuture(DateTimeOffset now) => Info.LastModified > now + FutureTolerance;

    /// <summary>What is odd about this object: <c>not_a_manifest_key</c>, <c>last_modified_in_future</c>.</summary>
    public IReadOnlyList<string> Flags(DateTimeOffset now)
    {
        var flags = new List<string>(2);
        if (!IsManifestKey)
        {
            flags.Add("not_a_manifest_key");
        }
        if (IsInFuture(now))
        {
            flags.Add("last_modified_in_future");
        }
        return flags;
    }

    /// <summary>started_at, when present and parseable.</summary>
    public DateTimeOffset? StartedAt => GetInstant("started_at");

    /// <summary>ended_at, when present and parseable.</summary>
    public DateTimeOffset? EndedAt => GetInstant("ended_at");

    /// <summary>duration_ms, or ended_at - started_at for manifests that have none (seed layout).</summary>
    public long? DurationMs =>
        Root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("duration_ms", out var d) && d.TryGetInt64(out var ms)
            ? ms
            : StartedAt is { } s && EndedAt is { } e ? (long)(e - s).TotalMilliseconds : null;

    /// <summary>A string property of the document, or null.</summary>
    public string? GetString(string name) =>
        Root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    /// <summary>The errors list as (entity, type, message), tolerant of anything malformed.</summary>
    public IReadOnlyList<ManifestError> Errors
    {
        get
        {
            if (Root is not { ValueKind: JsonValueKind.Object } r || !r.TryGetProperty("errors", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return [];
            }
            var errors = new List<ManifestError>();
            foreach (var e in list.EnumerateArray())
            {
                if (e.ValueKind == JsonValueKind.Object)
                {
                    errors.Add(new ManifestError(Str(e, "entity"), Str(e, "type") ?? "error", Str(e, "message") ?? e.GetRawText()));
                }
                else
                {
                    errors.Add(new ManifestError(null, "error", e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()));
                }
            }
            return errors;
        }
    }

    /// <summary>The typed manifest, when the document is one Landfall can bind; null for seed or foreign layouts.</summary>
    public Manifest? TryBind()
    {
        if (Root is not { ValueKind: JsonValueKind.Object } r)
        {
            return null;
        }
        try
        {
            var manifest = r.Deserialize(ManifestFormat.ManifestInfo);
            // The generated binder leaves a missing block null despite its initialiser: a document without outputs or errors is not
            // Landfall's layout (history and report would otherwise dereference it).
            return manifest is { Outputs: not null, Errors: not null } ? manifest : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private DateTimeOffset? GetInstant(string name) =>
        GetString(name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v)
            ? v.ToUniversalTime()
            : null;

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
