using System.Text;

namespace CriMesh.Protos.Tests.Wire;

/// <summary>
/// A deliberately tiny protobuf encoder, independent of Google.Protobuf, so that tests can build bytes
/// from upstream's field numbers and wire types by hand and check what the generated classes make of them.
/// Only the wire types the CRI uses: varint (0) and length-delimited (2).
/// </summary>
internal sealed class ProtoWriter
{
    private const int WireVarint = 0;
    private const int WireLengthDelimited = 2;

    private readonly List<byte> _bytes = [];

    /// <summary>Builds one message with <paramref name="build"/> and returns its bytes.</summary>
    public static byte[] Build(Action<ProtoWriter> build)
    {
        var writer = new ProtoWriter();
        build(writer);
        return writer.ToArray();
    }

    public byte[] ToArray() => [.. _bytes];

    /// <summary>Any varint field (int32, int64, uint32, uint64, enum); negatives take ten bytes as two's complement.</summary>
    public ProtoWriter Varint(int field, long value)
    {
        Tag(field, WireVarint);
        RawVarint(unchecked((ulong)value));
        return this;
    }

    public ProtoWriter UVarint(int field, ulong value)
    {
        Tag(field, WireVarint);
        RawVarint(value);
        return this;
    }

    public ProtoWriter Bool(int field, bool value) => Varint(field, value ? 1 : 0);

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Bytes(int field, byte[] value)
    {
        Tag(field, WireLengthDelimited);
        RawVarint((ulong)value.Length);
        _bytes.AddRange(value);
        return this;
    }

    /// <summary>An embedded message field.</summary>
    public ProtoWriter Message(int field, Action<ProtoWriter> build) => Bytes(field, Build(build));

    /// <summary>One map&lt;string,string&gt; entry: an embedded message with key = 1 and value = 2.</summary>
    public ProtoWriter MapEntry(int field, string key, string value) =>
        Message(field, e => e.String(1, key).String(2, value));

    /// <summary>A packed repeated varint field (the proto3 default for repeated scalars).</summary>
    public ProtoWriter Packed(int field, params long[] values)
    {
        var body = new ProtoWriter();
        foreach (var value in values)
        {
            body.RawVarint(unchecked((ulong)value));
        }

        return Bytes(field, body.ToArray());
    }

    private void Tag(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));

    private void RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
    }
}
