namespace CriMesh.IntegrationTests.Deploy;

/// <summary>What a finished process left: exit code and both streams.</summary>
internal sealed record ProcessOutput(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
