namespace Landfall.Current;

/// <summary>One object of a date's current run.</summary>
/// <param name="Uri">Where a reader finds it: <c>s3://bucket/key</c> or an absolute path.</param>
/// <param name="Key">Its lake key.</param>
/// <param name="Bytes">Its size, as the run counted it.</param>
/// <param name="Sha256">Its SHA-256 (hex), when the run recorded one.</param>
/// <param name="Rows">Its row count (Parquet objects of a database source), when recorded.</param>
public sealed record CurrentObject(string Uri, string Key, long Bytes, string? Sha256, long? Rows);
