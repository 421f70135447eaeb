using System.Text;

namespace CriMesh.Common.Config;

/// <summary>A key holding one value (string, number, duration, array of strings, table of strings).</summary>
internal sealed class ScalarField<T, TValue>(
    string key, Func<T, TValue> get, Func<T, TValue, T> with, TomlValueReader<TValue> read, Func<TValue, string>? format = null)
    : OptionField<T>(key)
    where T : class
{
    internal override bool IsTable => false;

    internal override T Bind(T target, object raw, ConfigDocument doc, string path, List<string> errors)
    {
        if (read(raw, out var value, out var expected))
        {
            return with(target, value);
        }
        errors.Add($"{doc.OriginOf(path)}: {path}: expected {expected}, got {TomlValues.Describe(raw)}");
        return target;
    }

    internal override void Write(StringBuilder sb, T options, string table) =>
        sb.Append(Key).Append(" = ").AppendLine(format is null ? ConfigPrinter.Format(get(options)) : format(get(options)));
}
