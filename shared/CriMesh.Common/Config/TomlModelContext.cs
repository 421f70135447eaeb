using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace CriMesh.Common.Config;

/// <summary>
/// Source-generated Tomlyn metadata for the untyped model: TOML text becomes a <see cref="TomlTable"/>
/// without reflection, so configuration reading stays trim- and NativeAOT-safe.
/// </summary>
[TomlSerializable(typeof(TomlTable))]
public sealed partial class TomlModelContext : TomlSerializerContext
{
    /// <summary>A context reading with <paramref name="options"/> (source name, duplicate-key rule).</summary>
    public TomlModelContext(TomlSerializerOptions options)
        : base(options)
    {
    }

    /// <summary>Parses <paramref name="text"/> into the untyped model; throws <see cref="TomlException"/> on bad TOML.</summary>
    public static TomlTable Parse(string text, TomlSerializerOptions? options = null) =>
        TomlSerializer.Deserialize(text, (options is null ? Default : new TomlModelContext(options)).TomlTable) ?? new TomlTable();
}
