namespace CriMesh.Common.Config;

/// <summary>
/// The keys of an options record, written out by the record itself (see <see cref="IBindableOptions{TSelf}"/>):
/// each entry names the key, reads the property and returns a copy with it set (<c>o with { X = v }</c>).
/// </summary>
public sealed class OptionsSchema<T>
    where T : class
{
    private readonly List<OptionField<T>> _fields = [];
    private readonly Dictionary<string, OptionField<T>> _byKey = new(StringComparer.Ordinal);

    /// <summary>The keys in declaration order.</summary>
    public IReadOnlyList<OptionField<T>> Fields => _fields;

    public OptionsSchema<T> String(string key, Func<T, string> get, Func<T, string, T> with) =>
        Add(new ScalarField<T, string>(key, get, with, TomlValues.String));

    public OptionsSchema<T> Bool(string key, Func<T, bool> get, Func<T, bool, T> with) =>
        Add(new ScalarField<T, bool>(key, get, with, TomlValues.Bool));

    public OptionsSchema<T> Int(string key, Func<T, int> get, Func<T, int, T> with) =>
        Add(new ScalarField<T, int>(key, get, with, TomlValues.Int));

    public OptionsSchema<T> Long(string key, Func<T, long> get, Func<T, long, T> with) =>
        Add(new ScalarField<T, long>(key, get, with, TomlValues.Long));

    public OptionsSchema<T> Double(string key, Func<T, double> get, Func<T, double, T> with) =>
        Add(new ScalarField<T, double>(key, get, with, TomlValues.Double));

    /// <summary>A <see cref="TimeSpan"/> written as a duration string (<c>"30s"</c>).</summary>
    public OptionsSchema<T> Duration(string key, Func<T, TimeSpan> get, Func<T, TimeSpan, T> with) =>
        Add(new ScalarField<T, TimeSpan>(key, get, with, TomlValues.Duration));

    /// <summary>A size in bytes written as <c>"64MiB"</c>; an integer of bytes is read too (<see cref="Sizes"/>).</summary>
    public OptionsSchema<T> Size(string key, Func<T, long> get, Func<T, long, T> with) =>
        Add(new ScalarField<T, long>(key, get, with, TomlValues.Size, v => ConfigPrinter.Format(Sizes.Format(v))));

    public OptionsSchema<T> Strings(string key, Func<T, string[]> get, Func<T, string[], T> with) =>
        Add(new ScalarField<T, string[]>(key, get, with, TomlValues.Strings));

    /// <summary>A <c>Dictionary&lt;string, string&gt;</c> written as an inline table of strings.</summary>
    public OptionsSchema<T> StringMap(string key, Func<T, Dictionary<string, string>> get, Func<T, Dictionary<string, string>, T> with) =>
        Add(new ScalarField<T, Dictionary<string, string>>(key, get, with, TomlValues.StringMap));

    /// <summary>A nested options record, bound from the sub-table <c>[table.key]</c>.</summary>
    public OptionsSchema<T> Table<TSub>(string key, Func<T, TSub> get, Func<T, TSub, T> with)
        where TSub : class, IBindableOptions<TSub>, new() =>
        Add(new TableField<T, TSub>(key, get, with));

    /// <summary>Named sub-tables of one record type (<c>[table.key.NAME]</c>), bound into a dictionary.</summary>
    public OptionsSchema<T> TableMap<TSub>(string key, Func<T, Dictionary<string, TSub>> get, Func<T, Dictionary<string, TSub>, T> with)
        where TSub : class, IBindableOptions<TSub>, new() =>
        Add(new TableMapField<T, TSub>(key, get, with));

    internal bool TryGetField(string key, out OptionField<T> field) => _byKey.TryGetValue(key, out field!);

    private OptionsSchema<T> Add(OptionField<T> field)
    {
        if (!_byKey.TryAdd(field.Key, field))
        {
            throw new InvalidOperationException($"options schema of {typeof(T).Name} lists key {field.Key} twice");
        }
        _fields.Add(field);
        return this;
    }
}
