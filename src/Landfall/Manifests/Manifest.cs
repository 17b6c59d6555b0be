using System.Text.Json;
using System.Text.Json.Serialization;

namespace Landfall.Manifests;

/// <summary>
/// The run manifest: the audit record and the control signal of one run of one source for one business date.
/// Field names and status values are those of the seed's Python code, so either side reads the other's manifests.
/// </summary>
public sealed class Manifest
{
    /// <summary>Version of this document's layout; readers accept any version and rely on the seed's fields only.</summary>
    public int ManifestVersion { get; init; } = ManifestFormat.CurrentVersion;

    /// <summary>Version of Landfall that wrote the manifest.</summary>
    public string? LandfallVersion { get; init; }

    /// <summary>The configured source name.</summary>
    public required string Source { get; init; }

    /// <summary>The source's kind (files, postgres, sftp, s3).</summary>
    public string? SourceKind { get; init; }

    /// <summary>The environment from the config (dev, prod, ...).</summary>
    public required string Env { get; init; }

    /// <summary>A fresh UUID for every run; it namespaces the manifest key and the run's bronze data.</summary>
    public required string RunId { get; init; }

    /// <summary>The business date, YYYY-MM-DD.</summary>
    public required string IngestDate { get; init; }

    /// <summary><c>success</c> or <c>failed</c>; a manifest someone else wrote with another word binds as <see cref="ManifestStatus.Unknown"/>.</summary>
    public required ManifestStatus Status { get; init; }

    /// <summary>When the run started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the run ended (UTC).</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>Wall time of the run in milliseconds.</summary>
    public long DurationMs { get; init; }

    /// <summary>The machine that ran it.</summary>
    public string? Host { get; init; }

    /// <summary>What went wrong; empty on success.</summary>
    public List<ManifestError> Errors { get; init; } = [];

    /// <summary>
    /// What a success was marked with: a schema change under <c>schema_contract: warn</c>, an expectation of level warn not met; null when none.
    /// Same shape as <see cref="Errors"/>.
    /// </summary>
    public List<ManifestError>? Warnings { get; init; }

    /// <summary>One block per entity: every object that landed and the entity's totals.</summary>
    public Dictionary<string, EntityOutput> Outputs { get; init; } = [];

    /// <summary>Entities that were not extracted because an earlier entity failed or the run was cancelled.</summary>
    public List<string>? EntitiesNotRun { get; init; }

    /// <summary>The successful run this one replaced with <c>--force</c>; it stays in the lake.</summary>
    public ManifestReference? Supersedes { get; init; }

    /// <summary>Unreadable manifests of this date that this run passed over (fail open), named for the audit.</summary>
    public List<PassedOverManifest>? PassedOver { get; init; }

    /// <summary>Anything else, kept when a manifest is read and written back by tools.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>An error recorded in a manifest.</summary>
/// <param name="Entity">The entity it happened in, or null for the source as a whole.</param>
/// <param name="Type">A short stable word (cancelled, no_files_yet, lake_error, ...).</param>
/// <param name="Message">What happened and what to do, with no secrets.</param>
public sealed record ManifestError(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Entity, string Type, string Message);

/// <summary>A pointer to another manifest.</summary>
/// <param name="RunId">Its run id.</param>
/// <param name="Key">Its key in the lake.</param>
public sealed record ManifestReference(string RunId, string Key);

/// <summary>A manifest that could not be read and was treated as not-success.</summary>
/// <param name="Key">Its key in the lake.</param>
/// <param name="Reason">manifest_decode_failed, manifest_not_object, manifest_status_invalid or manifest_read_failed.</param>
public sealed record PassedOverManifest(string Key, string Reason);

/// <summary>What one entity landed.</summary>
public sealed class EntityOutput
{
    /// <summary>Every object written for the entity, in write order.</summary>
    public List<OutputObject> Objects { get; init; } = [];

    /// <summary>Sums over <see cref="Objects"/>.</summary>
    public required EntityTotals Totals { get; init; }

    /// <summary>True when the source had nothing for the date and the config allows that (allow_empty).</summary>
    public bool? Empty { get; init; }

    /// <summary>Source-specific facts about the entity (snapshot, query hash, settle evidence, ...).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Totals of an entity.</summary>
/// <param name="Objects">Number of objects.</param>
/// <param name="Bytes">Bytes stored.</param>
/// <param name="Rows">Rows, for tabular extracts.</param>
public sealed record EntityTotals(int Objects, long Bytes, long? Rows = null);

/// <summary>One object that landed, with what is needed to verify it later.</summary>
public sealed class OutputObject
{
    /// <summary>Key relative to the lake root.</summary>
    public required string Key { get; init; }

    /// <summary>Size as stored.</summary>
    public required long Bytes { get; init; }

    /// <summary>SHA-256 (hex) of the bytes as they streamed into the lake.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The lake's ETag after the write, where the lake has one.</summary>
    public string? Etag { get; init; }

    /// <summary>Rows in the object, for tabular extracts.</summary>
    public long? Rows { get; init; }

    /// <summary>Where it came from in the source (path, key).</summary>
    public string? SourcePath { get; init; }

    /// <summary>The source's modification time of the original.</summary>
    public DateTimeOffset? SourceModifiedAt { get; init; }

    /// <summary>Source-specific integrity data (source ETag, version id, ...).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
