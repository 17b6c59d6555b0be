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
