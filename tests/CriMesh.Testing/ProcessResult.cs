namespace CriMesh.Testing;

/// <summary>The outcome of <see cref="ChildProcess.Run"/>: exit code and the captured output.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);
