namespace Landfall.Manifests;

/// <summary>How reading one manifest went. Anything but <see cref="Ok"/> counts as not success (fail open).</summary>
internal enum ManifestReadOutcome
{
    /// <summary>A JSON object with a string status.</summary>
    Ok,

    /// <summary>The object could not be read from the lake (manifest_read_failed).</summary>
    ReadFailed,

    /// <summary>Larger than schedule.max_manifest_mib: not read at all (manifest_too_large).</summary>
    TooLarge,

    /// <summary>Not valid UTF-8 JSON, a byte-order mark, duplicate keys or too deep (manifest_decode_failed).</summary>
    DecodeFailed,

    /// <summary>Valid JSON that is not an object (manifest_not_object).</summary>
    NotObject,

    /// <summary>An object whose status is missing or not a string (manifest_status_invalid).</summary>
    StatusInvalid,
}
