namespace CriMesh.Common.Processes;

/// <summary>
/// What <see cref="ProcessRunner"/> runs: a program and its arguments (no shell), optionally a complete
/// environment, bytes for stdin, a working directory, a cap on captured output and a deadline.
/// </summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The default cap on each of stdout and stderr: 1 MiB.</summary>
    public const int DefaultMaxOutputBytes = 1 << 20;

    /// <summary>
    /// When set, the COMPLETE environment of the child (nothing is inherited); when null (the default) the
    /// child inherits this process's environment.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Bytes written to the child's stdin, which is then closed; null (the default) gives it /dev/null.</summary>
    public byte[]? Stdin { get; init; }

    /// <summary>The child's working directory; null (the default) keeps this process's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>How many bytes of each of stdout and stderr are kept (the first ones); default 1 MiB. The rest is read and dropped.</summary>
    public int MaxOutputBytes { get; init; } = DefaultMaxOutputBytes;

    /// <summary>
    /// How long the run may take, output included; default 60 s (<see cref="System.Threading.Timeout.InfiniteTimeSpan"/>
    /// for none: then only the caller's token ends it). When it passes, the child's whole process group is
    /// killed with SIGKILL and the outcome says <see cref="ProcessOutcome.TimedOut"/>.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The command line, for messages (arguments with spaces quoted).</summary>
    public string CommandLine =>
        string.Join(' ', new[] { FileName }.Concat(Arguments).Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? $"'{a}'" : a));
}
