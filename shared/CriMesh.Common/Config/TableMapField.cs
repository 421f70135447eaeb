using System.Text;
using Tomlyn.Model;

namespace CriMesh.Common.Config;

/// <summary>
/// A key holding named sub-tables of one record type, such as <c>[conmon.runtime_handlers.runc]</c>:
/// bound into a <c>Dictionary&lt;string, TSub&gt;</c>, printed one table per entry in name order.
/// </summary>
internal sealed class TableMapField<T, TSub>(
    string key, Func<T, Dictionary<string, TSub>> get, Func<T, Dictionary<string, TSub>, T> with)
    : OptionField<T>(key)
    where T : class
    where TSub : class, IBindableOptions<TSub>, new()
{
    internal override bool IsTable => true;

    internal override T Bind(T target, object raw, ConfigDocument doc, string path, List<string> errors)
    {
        if (raw is not TomlTable table)
        {
            errors.Add($"{doc.OriginOf(path)}: {path}: expected a table of tables, got {TomlValues.Describe(raw)}");
            return target;
        }
        var map = new Dictionary<string, TSub>(StringComparer.Ordinal);
        foreach (var (name, value) in table)
        {
            var entryPath = $"{path}.{name}";
            if (value is TomlTable entry)
            {
                map[name] = OptionsBinder.BindTable<TSub>(doc, entry, entryPath, errors);
            }
            else
            {
                errors.Add($"{doc.OriginOf(entryPath)}: {entryPath}: expected a table, got {TomlValues.Describe(value)}");
            }
        }
        return with(target, map);
    }

    internal override void Write(StringBuilder sb, T options, string table)
    {
        foreach (var (name, entry) in get(options).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            ConfigPrinter.WriteTable(sb, $"{table}.{Key}.{name}", entry);
        }
    }
}
