using Tomlyn.Model;

namespace CriMesh.Common.Config;

/// <summary>
/// Binds a TOML table to an options record through the record's <see cref="IBindableOptions{TSelf}.Schema"/>
/// (no reflection). Value types: string, bool, int, long, double, TimeSpan (a duration string), string[],
/// <c>Dictionary&lt;string, string&gt;</c>, and a nested options record for a sub-table. Unknown keys, wrong
/// types and failed <see cref="IValidatedOptions.Validate"/> reasons are all collected, then thrown
/// together in one <see cref="ConfigException"/> naming file, key and reason.
/// </summary>
public static class OptionsBinder
{
    /// <summary>Binds the top-level keys to <see cref="NodeOptions"/>; tables other than the daemons' are errors.</summary>
    public static NodeOptions BindNode(ConfigDocument doc)
    {
        var errors = new List<string>();
        var scalars = new TomlTable();
        foreach (var (key, value) in doc.Root)
        {
            if (value is TomlTable)
            {
                if (!ConfigDocument.DaemonTables.Contains(key))
                {
                    errors.Add($"{doc.OriginOf(key)}: [{key}]: unknown table (known: {string.Join(", ", ConfigDocument.DaemonTables.Order())})");
                }
                continue;
            }
            scalars[key] = value;
        }
        var node = BindTable<NodeOptions>(doc, scalars, prefix: "", errors);
        Throw(errors);
        return node;
    }

    /// <summary>Binds the table <c>[<paramref name="table"/>]</c> to <typeparamref name="T"/>; an absent table gives the defaults.</summary>
    public static T Bind<T>(ConfigDocument doc, string table)
        where T : class, IBindableOptions<T>, new()
    {
        var errors = new List<string>();
        var result = BindTable<T>(doc, doc.Table(table) ?? new TomlTable(), table, errors);
        Throw(errors);
        return result;
    }

    /// <summary>
    /// Binds the top-level keys and the daemon's own table in one pass, so every problem in either is
    /// reported at once.
    /// </summary>
    public static (NodeOptions Node, T Options) BindDaemon<T>(ConfigDocument doc, string table)
        where T : class, IBindableOptions<T>, new()
    {
        var messages = new List<string>();
        NodeOptions? node = null;
        T? options = null;
        try
        {
            node = BindNode(doc);
        }
        catch (ConfigException e)
        {
            messages.Add(e.Message);
        }
        try
        {
            options = Bind<T>(doc, table);
        }
        catch (ConfigException e)
        {
            messages.Add(e.Message);
        }
        return messages.Count > 0
            ? throw new ConfigException(string.Join(Environment.NewLine, messages))
            : (node!, options!);
    }

    /// <summary>Binds every key of <paramref name="table"/> (dotted name <paramref name="prefix"/>), then validates.</summary>
    internal static T BindTable<T>(ConfigDocument doc, TomlTable table, string prefix, List<string> errors)
        where T : class, IBindableOptions<T>, new()
    {
        var target = new T();
        var schema = T.Schema;
        foreach (var (key, value) in table)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (!schema.TryGetField(key, out var field))
            {
                errors.Add($"{doc.OriginOf(path)}: {path}: unknown key");
                continue;
            }
            target = field.Bind(target, value, doc, path, errors);
        }
        if (target is IValidatedOptions validated)
        {
            foreach (var reason in validated.Validate())
            {
                var where = prefix.Length == 0 ? (doc.Files.Count > 0 ? doc.Files[^1] : "<defaults>") : doc.OriginOf(prefix);
                errors.Add(prefix.Length == 0 ? $"{where}: {reason}" : $"{where}: [{prefix}]: {reason}");
            }
        }
        return target;
    }

    private static void Throw(List<string> errors)
    {
        if (errors.Count > 0)
        {
            throw new ConfigException(string.Join(Environment.NewLine, errors));
        }
    }
}
