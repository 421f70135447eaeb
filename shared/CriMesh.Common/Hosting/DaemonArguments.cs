namespace CriMesh.Common.Hosting;

/// <summary>The command line every daemon accepts.</summary>
public sealed record DaemonArguments
{
    /// <summary>Main config file; default <c>/etc/crimesh/crimesh.toml</c>, or <c>$CRIMESH_CONFIG</c>.</summary>
    public string ConfigPath { get; init; } = Environment.GetEnvironmentVariable("CRIMESH_CONFIG") is { Length: > 0 } env
        ? env
        : Config.ConfigDocument.DefaultPath;

    /// <summary>Drop-in directory; default <c>crimesh.d</c> beside the main file.</summary>
    public string? DropInDir { get; init; }

    /// <summary>Print the effective configuration and exit.</summary>
    public bool PrintConfig { get; init; }

    /// <summary>Print usage and exit.</summary>
    public bool Help { get; init; }

    public const string Usage =
        "usage: {0} [--config FILE] [--config-dir DIR] [--print-config]\n" +
        "  --config FILE      main config file (default /etc/crimesh/crimesh.toml, or $CRIMESH_CONFIG)\n" +
        "  --config-dir DIR   drop-in directory, *.toml read in lexical order (default: crimesh.d beside FILE)\n" +
        "  --print-config     print the effective configuration and exit\n";

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static DaemonArguments Parse(IReadOnlyList<string> args)
    {
        var result = new DaemonArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"{arg} needs a value");
                }
                return args[++i];
            }
            result = arg switch
            {
                "--config" => result with { ConfigPath = Value() },
                "--config-dir" => result with { DropInDir = Value() },
                "--print-config" => result with { PrintConfig = true },
                "-h" or "--help" => result with { Help = true },
                _ when arg.StartsWith("--config=", StringComparison.Ordinal) => result with { ConfigPath = arg["--config=".Length..] },
                _ when arg.StartsWith("--config-dir=", StringComparison.Ordinal) => result with { DropInDir = arg["--config-dir=".Length..] },
                _ => throw new ArgumentException($"unknown argument \"{arg}\""),
            };
        }
        return result;
    }
}
