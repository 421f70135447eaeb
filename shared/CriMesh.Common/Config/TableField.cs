using System.Text;
using Tomlyn.Model;

namespace CriMesh.Common.Config;

/// <summary>A key holding a nested options record: a sub-table such as <c>[imaged.nested]</c>.</summary>
internal sealed class TableField<T, TSub>(string key, Func<T, TSub> get, Func<T, TSub, T> with)
    : OptionField<T>(key)
    where T : class
    where TSub : class, IBindableOptions<TSub>, new()
{
    internal override bool IsTable => true;

    internal override T Bind(T target, object raw, ConfigDocument doc, string path, List<string> errors)
    {
        if (raw is TomlTable table)
        {
            return with(target, OptionsBinder.BindTable<TSub>(doc, table, path, errors));
        }
        errors.Add($"{doc.OriginOf(path)}: {path}: expected a table, got {TomlValues.Describe(raw)}");
        return target;
    }

    internal override void Write(StringBuilder sb, T options, string table) =>
        ConfigPrinter.WriteTable(sb, $"{table}.{Key}", get(options));
}
