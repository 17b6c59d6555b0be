namespace Landfall.Contracts;

/// <summary>What a schema change of an entity does to its date (<c>schema_contract:</c>).</summary>
internal enum SchemaMode
{
    /// <summary>The default: the change is recorded in the manifest and logged (<c>schema_changed</c>); the date succeeds.</summary>
    Evolve,

    /// <summary>As evolve, and the date is marked: a warning in the manifest, in <c>status</c>, the report and <c>status --check</c>.</summary>
    Warn,

    /// <summary>The date fails with reason <c>schema_changed</c> until the change is accepted.</summary>
    Freeze,
}

/// <summary>What an expectation that is not met does (<c>level:</c>).</summary>
internal enum ExpectationLevel
{
    /// <summary>The date fails with reason <c>expectation_failed</c> (the default).</summary>
    Fail,

    /// <summary>The date succeeds with a warning in the manifest, <c>status</c>, the report and <c>status --check</c>.</summary>
    Warn,
}

/// <summary>What an expectation measures.</summary>
internal enum ExpectationMetric
{
    /// <summary>Rows (postgres; file entities with a format).</summary>
    Rows,

    /// <summary>Objects landed.</summary>
    Objects,

    /// <summary>Bytes landed.</summary>
    Bytes,
}
