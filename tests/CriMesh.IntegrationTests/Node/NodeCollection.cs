namespace CriMesh.IntegrationTests.Node;

/// <summary>Tests that run the daemons as processes run one class at a time, not in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NodeCollection
{
    public const string Name = "daemon processes";
}
