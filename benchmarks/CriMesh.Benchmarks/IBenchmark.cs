namespace CriMesh.Benchmarks;

/// <summary>One named benchmark. It prints its figures and never asserts on time.</summary>
public interface IBenchmark
{
    /// <summary>The name given on the command line, e.g. <c>pull</c> or <c>unpack</c>.</summary>
    string Name { get; }

    /// <summary>What it measures, one line.</summary>
    string Description { get; }

    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}
