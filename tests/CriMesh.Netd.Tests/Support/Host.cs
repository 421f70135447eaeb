using CriMesh.Testing;

namespace CriMesh.Netd.Tests.Support;

/// <summary>Looks at the host the way an operator would: iptables rules, mounts, commands in a pod's namespace.</summary>
internal static class Host
{
    public static string IptablesSave()
    {
        var v4 = ChildProcess.Run("iptables-save", [], TimeSpan.FromSeconds(30)).Stdout;
        return v4;
    }

    /// <summary>iptables lines that mention <paramref name="sandboxId"/> (bridge's masquerade and portmap's rules carry it in a comment).</summary>
    public static IReadOnlyList<string> RulesMentioning(string sandboxId) =>
        IptablesSave().Split('\n').Where(l => l.Contains(sandboxId, StringComparison.Ordinal)).ToList();

    public static bool IsMountPoint(string path) => TempDir.ReadMountPoints().Contains(path);

    /// <summary>Runs a command in the network namespace pinned at <paramref name="netns"/> (nsenter --net).</summary>
    public static Task<ProcessResult> InNetnsAsync(string netns, TimeSpan timeout, params string[] command) =>
        ChildProcess.RunAsync("nsenter", [$"--net={netns}", "--", .. command], timeout, throwOnFailure: false);

    /// <summary>A TCP listener inside the pod's namespace answering "hello" to every connection, until disposed.</summary>
    public static ChildProcess Listener(string netns, int port) =>
        ChildProcess.Start("nsenter", [$"--net={netns}", "--", "busybox", "nc", "-ll", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-e", "echo", "hello"]);
}
