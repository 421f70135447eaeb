using CriMesh.Common.Errors;
using CriMesh.Common.State;
using MessagePack;
using MessagePack.Formatters;

namespace CriMesh.Common.Tests.State;

public sealed class RecordStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crimesh-records-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private RecordStore<Pet> Open(int schema = 2, RecordUpgrader<Pet>? upgrade = null) =>
        new(_dir, schema, PetFormatter.Instance, p => p.Id, upgrade: upgrade);

    [Fact]
    public void Put_ThenLoadAllInNewStore_ReturnsRecords()
    {
        using (var store = Open())
        {
            Assert.Empty(store.LoadAll());
            store.Put(new Pet("a", "cat", 3));
            store.Put(new Pet("b", "dog", 5));
            store.Put(new Pet("a", "cat", 4));
            Assert.Equal(4, store.Get("a")!.Age);
        }

        using var reopened = Open();
        var loaded = reopened.LoadAll().OrderBy(p => p.Id).ToList();

        Assert.Equal([new Pet("a", "cat", 4), new Pet("b", "dog", 5)], loaded);
        Assert.Equal(2, reopened.All.Count);
    }

    [Fact]
    public void Delete_RemovesFromDiskAndMemory()
    {
        using (var store = Open())
        {
            store.LoadAll();
            store.Put(new Pet("a", "cat", 3));
            Assert.True(store.Delete("a"));
            Assert.False(store.Delete("a"));
            Assert.Null(store.Get("a"));
        }

        using var reopened = Open();
        Assert.Empty(reopened.LoadAll());
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("..")]
    [InlineData("sp ace")]
    public void Put_BadId_ThrowsInvalidArgumentAndWritesNothing(string id)
    {
        using var store = Open();
        store.LoadAll();

        var e = Assert.Throws<CriMeshException>(() => store.Put(new Pet(id, "x", 1)));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Empty(Directory.EnumerateFiles(_dir, "*.rec"));
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(_dir)!, "escape.rec"));
    }

    [Fact]
    public void Put_BeforeLoadAll_Throws()
    {
        using var store = Open();

        Assert.Throws<InvalidOperationException>(() => store.Put(new Pet("a", "cat", 1)));
    }

    [Fact]
    public void LoadAll_SecondOwner_ThrowsFailedPrecondition()
    {
        using var first = Open();
        first.LoadAll();
        using var second = Open();

        var e = Assert.Throws<CriMeshException>(() => second.LoadAll());

        Assert.Equal(ErrorKind.FailedPrecondition, e.Kind);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[0])]
    public void LoadAll_CorruptFile_QuarantinesAndKeepsTheRest(byte[] garbage)
    {
        using (var store = Open())
        {
            store.LoadAll();
            store.Put(new Pet("good", "cat", 1));
            store.Put(new Pet("bad", "dog", 2));
        }
        File.WriteAllBytes(Path.Combine(_dir, "bad.rec"), garbage);

        using var reopened = Open();
        var loaded = reopened.LoadAll();

        Assert.Equal("good", Assert.Single(loaded).Id);
        Assert.False(File.Exists(Path.Combine(_dir, "bad.rec")));
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_dir, "quarantine")));
    }

    [Fact]
    public void LoadAll_TruncatedFile_IsQuarantined()
    {
        using (var store = Open())
        {
            store.LoadAll();
            store.Put(new Pet("t", "a rather long name for a pet", 9));
        }
        var path = Path.Combine(_dir, "t.rec");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]);

        using var reopened = Open();

        Assert.Empty(reopened.LoadAll());
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_dir, "quarantine")));
    }

    [Fact]
    public void LoadAll_FileNamedForOtherId_IsQuarantined()
    {
        using (var store = Open())
        {
            store.LoadAll();
            store.Put(new Pet("a", "cat", 1));
        }
        File.Move(Path.Combine(_dir, "a.rec"), Path.Combine(_dir, "b.rec"));

        using var reopened = Open();

        Assert.Empty(reopened.LoadAll());
    }

    [Fact]
    public void LoadAll_LeftoverTemporaries_AreRemoved()
    {
        File.WriteAllBytes(Path.Combine(_dir, ".a.rec.123.abc.tmp"), [1, 2]);
        using var store = Open();

        store.LoadAll();

        Assert.Empty(Directory.EnumerateFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void LoadAll_NewerSchema_ThrowsFailedPrecondition()
    {
        using (var store = Open(schema: 3))
        {
            store.LoadAll();
            store.Put(new Pet("a", "cat", 1));
        }

        using var older = Open(schema: 2);
        var e = Assert.Throws<CriMeshException>(() => older.LoadAll());

        Assert.Equal(ErrorKind.FailedPrecondition, e.Kind);
        Assert.True(File.Exists(Path.Combine(_dir, "a.rec")));
    }

    [Fact]
    public void LoadAll_OlderSchema_GoesThroughUpgrader()
    {
        using (var store = Open(schema: 1))
        {
            store.LoadAll();
            store.Put(new Pet("a", "cat", 1));
        }
        RecordUpgrader<Pet> upgrade = (int version, ref MessagePackReader reader, MessagePackSerializerOptions options) =>
            PetFormatter.Instance.Deserialize(ref reader, options) with { Kind = $"v{version} cat" };

        using var newer = Open(schema: 2, upgrade: upgrade);

        Assert.Equal("v1 cat", Assert.Single(newer.LoadAll()).Kind);
    }

    [Fact]
    public void LoadAll_OlderSchemaWithoutUpgrader_IsQuarantined()
    {
        using (var store = Open(schema: 1))
        {
            store.LoadAll();
            store.Put(new Pet("a", "cat", 1));
        }

        using var newer = Open(schema: 2);

        Assert.Empty(newer.LoadAll());
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_dir, "quarantine")));
    }

    [Fact]
    public async Task Put_Concurrent_AllLandAndReload()
    {
        using (var store = Open())
        {
            store.LoadAll();
            var writers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
            {
                for (var i = 0; i < 40; i++)
                {
                    store.Put(new Pet($"w{w}-{i % 10}", "cat", i));
                    if (i % 7 == 0)
                    {
                        store.Delete($"w{w}-{(i + 3) % 10}");
                    }
                }
            }));
            await Task.WhenAll(writers);
            var inMemory = store.All.OrderBy(p => p.Id).ToList();

            using var check = Open();
            store.Dispose();
            Assert.Equal(inMemory, check.LoadAll().OrderBy(p => p.Id).ToList());
        }
    }

    private sealed record Pet(string Id, string Kind, int Age);

    private sealed class PetFormatter : IMessagePackFormatter<Pet>
    {
        public static readonly PetFormatter Instance = new();

        public void Serialize(ref MessagePackWriter writer, Pet value, MessagePackSerializerOptions options)
        {
            writer.WriteArrayHeader(3);
            writer.Write(value.Id);
            writer.Write(value.Kind);
            writer.Write(value.Age);
        }

        public Pet Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            if (reader.ReadArrayHeader() != 3)
            {
                throw new MessagePackSerializationException("pet: want 3 fields");
            }
            return new Pet(reader.ReadString()!, reader.ReadString()!, reader.ReadInt32());
        }
    }
}
