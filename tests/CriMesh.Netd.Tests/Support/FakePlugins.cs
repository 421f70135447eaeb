namespace CriMesh.Netd.Tests.Support;

/// <summary>
/// Hostile CNI plugins written by the test into the daemon's first plugin dir: each misbehaves on ADD and
/// behaves on DEL and CHECK (so the cleanup that follows can succeed, as with a real plugin that failed once).
/// </summary>
internal static class FakePlugins
{
    /// <summary>Exits 1 with a spec error object (code 7, msg and details).</summary>
    public static string Failing(string binDir) => Write(binDir, "crimesh-failing", """
        echo '{"cniVersion": "1.0.0", "code": 7, "msg": "invalid network config", "details": "the test says no"}'
        exit 1
        """);

    /// <summary>
    /// Sleeps far past any deadline (in a child, so only a group kill ends both); the shell's and the sleeper's
    /// PIDs go to <see cref="HangingPids"/> so a test that kills netd under it can end them by PID.
    /// </summary>
    public static string Hanging(string binDir) => Write(binDir, "crimesh-hanging", """
        sleep 600 &
        echo $$ $! >>"$(dirname "$0")/hanging.pids"
        wait
        """);

    /// <summary>PIDs the hanging plugin recorded (shell and sleeper of every run).</summary>
    public static IReadOnlyList<int> HangingPids(string binDir)
    {
        var file = Path.Combine(binDir, "hanging.pids");
        return File.Exists(file)
            ? File.ReadAllText(file).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList()
            : [];
    }

    /// <summary>
    /// Records what netd sends: each run appends one line "COMMAND CNI_CONTAINERID CNI_NETNS CNI_IFNAME CNI_ARGS"
    /// to calls.log and its stdin to COMMAND.N.json; on ADD it prints an empty result (it is first in the
    /// chain, so bridge after it does the real work). Its capabilities ask for every runtime argument.
    /// </summary>
    public static string Recorder(string binDir) => Write(binDir, "crimesh-recorder", """
        echo unreachable
        """, recordAll: true);

    public const string RecorderEntry = """
        {"type": "crimesh-recorder", "capabilities": {"portMappings": true, "bandwidth": true, "ips": true, "dns": true, "cgroupPath": true}}
        """;

    /// <summary>Exits 0 but prints something that is not JSON.</summary>
    public static string Garbage(string binDir) => Write(binDir, "crimesh-garbage", """
        printf 'this is not a cni result {{{\001\002'
        exit 0
        """);

    /// <summary>Exits 2 and prints plain text (no error object), with a line on stderr.</summary>
    public static string Crashing(string binDir) => Write(binDir, "crimesh-crashing", """
        echo 'panic: runtime error: index out of range'
        echo 'goroutine 1 [running]' >&2
        exit 2
        """);

    private static string Write(string binDir, string name, string addBody, bool recordAll = false)
    {
        var path = Path.Combine(binDir, name);
        var record = recordAll
            ? """
              dir=$(dirname "$0")
              n=$(wc -l <"$dir/calls.log" 2>/dev/null || echo 0)
              n=$((n + 0))
              cat >"$dir/$CNI_COMMAND.$n.json"
              echo "$CNI_COMMAND $CNI_CONTAINERID $CNI_NETNS $CNI_IFNAME $CNI_ARGS" >>"$dir/calls.log"
              if [ "$CNI_COMMAND" = "ADD" ]; then echo '{"cniVersion": "1.0.0"}'; fi
              exit 0
              """
            : "cat >/dev/null";
        File.WriteAllText(path, $$"""
            #!/bin/sh
            # A test CNI plugin for netd's tests (misbehaves on ADD, or records what it gets).
            {{record}}
            if [ "$CNI_COMMAND" != "ADD" ]; then
                [ "$CNI_COMMAND" = "VERSION" ] && echo '{"cniVersion": "1.0.0", "supportedVersions": ["1.0.0"]}'
                exit 0
            fi
            {{addBody}}

            """);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
        return name;
    }

    /// <summary>The plugin object for a conflist.</summary>
    public static string Entry(string type) => $$"""{"type": "{{type}}"}""";
}
