using MessagePack;
using MessagePack.Formatters;

namespace CriMesh.Common.State;

/// <summary>
/// A static resolver that knows exactly one formatter: the record's own, hand-written one. No dynamic or
/// contractless resolver is ever consulted, so nothing is generated at run time (NativeAOT-safe). A record
/// formatter writes its fields with <see cref="MessagePackWriter"/> directly and needs no other formatter.
/// </summary>
public sealed class SingleFormatterResolver(object formatter) : IFormatterResolver
{
    public IMessagePackFormatter<TValue>? GetFormatter<TValue>() => formatter as IMessagePackFormatter<TValue>;
}
