namespace CriMesh.Common.Config;

/// <summary>
/// An options record that lists its own TOML keys: <see cref="Schema"/> says, for every key, how to read
/// the value, how to set it on a copy of the record and how to print it back. Binding and printing go
/// through this list instead of reflection, so they work unchanged under trimming and NativeAOT.
/// </summary>
public interface IBindableOptions<TSelf>
    where TSelf : class, IBindableOptions<TSelf>, new()
{
    /// <summary>The record's keys, in the order <c>--print-config</c> writes them.</summary>
    static abstract OptionsSchema<TSelf> Schema { get; }
}
