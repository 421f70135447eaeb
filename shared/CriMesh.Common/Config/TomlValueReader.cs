namespace CriMesh.Common.Config;

/// <summary>
/// Reads one TOML model value as <typeparamref name="TValue"/>. On failure <paramref name="expected"/>
/// says what the key wants ("an integer", "a duration such as ..."), for the error message.
/// </summary>
public delegate bool TomlValueReader<TValue>(object raw, out TValue value, out string expected);
