namespace CriMesh.Conmon.Tests.Fixtures;

/// <summary>One conmon daemon shared by the tests of the "conmon node" collection (they run one at a time).</summary>
public sealed class ConmonNodeFixture : IAsyncLifetime
{
    private ConmonTestNode? _node;

    public ConmonTestNode Node => _node ?? throw new InvalidOperationException("fixture not started");

    public async Task InitializeAsync() => _node = await ConmonTestNode.StartAsync();

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}

[CollectionDefinition("conmon node")]
public sealed class ConmonNodeCollection : ICollectionFixture<ConmonNodeFixture>
{
}
