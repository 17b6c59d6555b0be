namespace Landfall.Lake;

/// <summary>The lake could not be read or written.</summary>
public class LakeException : LandfallException
{
    /// <summary>Creates a lake error.</summary>
    public LakeException(string message, Exception? innerException = null, bool isTransient = false)
        : base(message, innerException, isTransient) { }

    /// <inheritdoc />
    public override string ErrorType => "lake_error";
}

/// <summary>A put targeted a key that already exists; Landfall never overwrites.</summary>
public sealed class LakeKeyExistsException : LakeException
{
    /// <summary>Creates the error for <paramref name="key"/>.</summary>
    public LakeKeyExistsException(string key)
        : base($"Lake key '{key}' already exists; Landfall never overwrites an object.") => Key = key;

    /// <summary>The key that exists.</summary>
    public string Key { get; } = "";

    /// <inheritdoc />
    public override string ErrorType => "lake_key_exists";
}

/// <summary>An object that was expected is not in the lake.</summary>
public sealed class LakeObjectNotFoundException : LakeException
{
    /// <summary>Creates the error for <paramref name="key"/>.</summary>
    public LakeObjectNotFoundException(string key, Exception? innerException = null)
        : base($"Lake object '{key}' does not exist.", innerException) => Key = key;

    /// <summary>The missing key.</summary>
    public string Key { get; } = "";

    /// <inheritdoc />
    public override string ErrorType => "lake_object_missing";
}

/// <summary>An object read whole (a manifest, a claim) is larger than the most the reader accepts; nothing of it was kept.</summary>
public sealed class LakeObjectTooLargeException : LakeException
{
    /// <summary>Creates the error for <paramref name="key"/>, of <paramref name="size"/> bytes (or more) against a cap of <paramref name="maxBytes"/>.</summary>
    public LakeObjectTooLargeException(string key, long size, long maxBytes)
        : base($"Lake object '{key}' is {(size > maxBytes ? size.ToString(System.Globalization.CultureInfo.InvariantCulture) : "more than " + maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))} " +
            $"bytes, above the {maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes it may have to be read whole; it was not read.")
    {
        Key = key;
        Size = size;
        MaxBytes = maxBytes;
    }

    /// <summary>The key.</summary>
    public string Key { get; }

    /// <summary>The size, as far as it was known (at least <see cref="MaxBytes"/> + 1).</summary>
    public long Size { get; }

    /// <summary>The cap.</summary>
    public long MaxBytes { get; }

    /// <inheritdoc />
    public override string ErrorType => "lake_object_too_large";
}
