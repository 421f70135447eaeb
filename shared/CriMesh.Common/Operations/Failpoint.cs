#if CRIMESH_FAILPOINTS
using CriMesh.Common.Errors;
using CriMesh.Linux.Interop;
#endif
using System.Diagnostics;

namespace CriMesh.Common.Operations;

/// <summary>
/// Named points in multi-step code where a test can make the process fail, pause or die, to prove that
/// every step is safe to interrupt. Compiled in only when the build defines CRIMESH_FAILPOINTS
/// (<c>dotnet build -p:CrimeshFailpoints=true</c>, as tools/test.sh does); otherwise every call site is
/// removed by the compiler (<see cref="ConditionalAttribute"/>).
/// </summary>
/// <remarks>
/// The environment variable <c>CRIMESH_FAILPOINTS</c> lists the active points, comma separated, each
/// <c>name</c> or <c>name=action</c>:
/// <list type="bullet">
/// <item><c>name</c> or <c>name=error</c>: throw <see cref="CriMesh.Common.Errors.CriMeshException"/> (Internal, "failpoint name");</item>
/// <item><c>name=exit</c>: the process kills itself with SIGKILL on the spot;</item>
/// <item><c>name=pause</c>: block the calling thread until the file <c>$CRIMESH_FAILPOINT_DIR/name.release</c>
/// exists (forever when CRIMESH_FAILPOINT_DIR is unset), after creating <c>$CRIMESH_FAILPOINT_DIR/name.reached</c>
/// so the test knows the process stands at that point (e.g. to SIGKILL it there).</item>
/// </list>
/// The variable is read at every hit, so a unit test may set it in-process.
/// </remarks>
public static class Failpoint
{
    /// <summary>The environment variable listing the active failpoints.</summary>
    public const string Variable = "CRIMESH_FAILPOINTS";

    /// <summary>The environment variable naming the directory for pause markers.</summary>
    public const string DirectoryVariable = "CRIMESH_FAILPOINT_DIR";

    /// <summary>True when this build has failpoints compiled in (tests that need them assert it, never skip).</summary>
    public static bool Enabled { get; } =
#if CRIMESH_FAILPOINTS
        true;
#else
        false;
#endif

    /// <summary>Acts on failpoint <paramref name="name"/> when it is active (see the remarks); does nothing otherwise.</summary>
    [Conditional("CRIMESH_FAILPOINTS")]
    public static void Hit(string name)
    {
#if CRIMESH_FAILPOINTS
        switch (ActionOf(name))
        {
            case null:
                return;
            case "" or "error":
                throw new CriMeshException(ErrorKind.Internal, $"failpoint {name}");
            case "exit":
                _ = Libc.Kill(Environment.ProcessId, Libc.SIGKILL);
                Thread.Sleep(Timeout.Infinite);
                return;
            case "pause":
                Pause(name);
                return;
            case var other:
                throw new CriMeshException(ErrorKind.Internal, $"failpoint {name} has unknown action '{other}'");
        }
#endif
    }

#if CRIMESH_FAILPOINTS
    /// <summary>The action configured for <paramref name="name"/> ("" for a bare name), or null when inactive.</summary>
    private static string? ActionOf(string name)
    {
        var list = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(list))
        {
            return null;
        }
        foreach (var entry in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            var entryName = eq < 0 ? entry : entry[..eq];
            if (entryName == name)
            {
                return eq < 0 ? "" : entry[(eq + 1)..];
            }
        }
        return null;
    }

    private static void Pause(string name)
    {
        var dir = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(dir))
        {
            Thread.Sleep(Timeout.Infinite);
            return;
        }
        File.WriteAllText(Path.Combine(dir, name + ".reached"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var release = Path.Combine(dir, name + ".release");
        while (!File.Exists(release))
        {
            Thread.Sleep(20);
        }
    }
#endif
}
