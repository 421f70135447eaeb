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

    /// <summary>Sleeps far past any deadline (in a child, so only a group kill ends both).</summary>
    public static string Hanging(string binDir) => Write(binDir, "crimesh-hanging", """
        sleep 600 &
        wait
        """);

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

    private static string Write(string binDir, string name, string addBody)
    {
        var path = Path.Combine(binDir, name);
        File.WriteAllText(path, $$"""
            #!/bin/sh
            # A hostile CNI plugin for netd's tests: misbehaves on ADD only.
            cat >/dev/null
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
