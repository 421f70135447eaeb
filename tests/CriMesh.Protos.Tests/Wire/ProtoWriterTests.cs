namespace CriMesh.Protos.Tests.Wire;

// The hand encoder is the yardstick for every wire test, so it is checked against encodings
// worked out by hand from the protobuf encoding rules.
public sealed class ProtoWriterTests
{
    [Fact]
    public void Varint_MultiByteValue_EncodesLittleEndianGroupsOfSeven()
    {
        // 150 = 0b1_0010110 -> 0x96 0x01; tag for field 1, wire type 0 is 0x08.
        Assert.Equal(new byte[] { 0x08, 0x96, 0x01 }, ProtoWriter.Build(w => w.Varint(1, 150)));
    }

    [Fact]
    public void Varint_NegativeValue_TakesTenBytes()
    {
        var bytes = ProtoWriter.Build(w => w.Varint(1, -1));
        Assert.Equal(11, bytes.Length);
        Assert.Equal(0x08, bytes[0]);
        Assert.All(bytes[1..10], b => Assert.Equal(0xFF, b));
        Assert.Equal(0x01, bytes[10]);
    }

    [Fact]
    public void String_HighFieldNumber_UsesTwoByteTag()
    {
        // field 18, wire type 2 -> (18 << 3) | 2 = 146 = 0x92 0x01.
        Assert.Equal(new byte[] { 0x92, 0x01, 0x02, (byte)'h', (byte)'i' }, ProtoWriter.Build(w => w.String(18, "hi")));
    }

    [Fact]
    public void Packed_ThreeValues_WritesOneLengthDelimitedField()
    {
        Assert.Equal(new byte[] { 0x2A, 0x03, 0x01, 0x02, 0x03 }, ProtoWriter.Build(w => w.Packed(5, 1, 2, 3)));
    }

    [Fact]
    public void MapEntry_KeyAndValue_WritesEmbeddedMessage()
    {
        Assert.Equal(
            new byte[] { 0x32, 0x06, 0x0A, 0x01, (byte)'k', 0x12, 0x01, (byte)'v' },
            ProtoWriter.Build(w => w.MapEntry(6, "k", "v")));
    }
}
