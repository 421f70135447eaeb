using System.Text;

namespace CriMesh.Common.Config;

/// <summary>One key of an options record: how to bind it from the file and how to print it.</summary>
public abstract class OptionField<T>
    where T : class
{
    private protected OptionField(string key)
    {
        Key = key;
    }

    /// <summary>The TOML key (snake_case).</summary>
    public string Key { get; }

    /// <summary>True for a sub-table, which <c>--print-config</c> writes after the scalars.</summary>
    internal abstract bool IsTable { get; }

    /// <summary>
    /// Returns <paramref name="target"/> with this key set from <paramref name="raw"/>; when the value does
    /// not fit, adds the reason to <paramref name="errors"/> and returns <paramref name="target"/> unchanged.
    /// </summary>
    internal abstract T Bind(T target, object raw, ConfigDocument doc, string path, List<string> errors);

    /// <summary>Writes this key of <paramref name="options"/>; <paramref name="table"/> is the dotted name of the enclosing table.</summary>
    internal abstract void Write(StringBuilder sb, T options, string table);
}
