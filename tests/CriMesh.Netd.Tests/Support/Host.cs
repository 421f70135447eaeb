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

    /// <summary>
    /// Safety net for a failed test: deletes the nat and filter rules whose comment names the CNI network
    /// <paramref name="network"/> (bridge's masquerade, portmap's DNAT), then the CNI-* chains that held only
    /// such rules. Rules of other networks are untouched.
    /// </summary>
    public static void DeleteRulesOf(string network)
    {
        var marker = $"name: \\\"{network}\\\"";
        var script = new System.Text.StringBuilder();
        foreach (var table in new[] { "nat", "filter" })
        {
            var lines = ChildProcess.Run("iptables-save", ["-t", table], TimeSpan.FromSeconds(30)).Stdout.Split('\n');
            var rules = lines.Where(l => l.StartsWith("-A ", StringComparison.Ordinal)).ToList();
            var ours = rules.Where(l => l.Contains(marker, StringComparison.Ordinal)).ToList();
            if (ours.Count == 0)
            {
                continue;
            }
            script.Append('*').Append(table).Append('\n');
            foreach (var rule in ours)
            {
                script.Append("-D ").Append(rule[3..]).Append('\n');
            }
            var chains = ours.Select(r => r.Split(' ')[1]).Where(c => c.StartsWith("CNI-", StringComparison.Ordinal)).Distinct()
                .Where(c => rules.Where(r => r.Split(' ')[1] == c).All(ours.Contains))
                .Where(c => rules.Where(r => !ours.Contains(r)).All(r => !r.EndsWith("-j " + c, StringComparison.Ordinal)));
            foreach (var chain in chains)
            {
                script.Append("-X ").Append(chain).Append('\n');
            }
            script.Append("COMMIT\n");
        }
        if (script.Length > 0)
        {
            using var restore = new System.Diagnostics.Process();
            restore.StartInfo = new System.Diagnostics.ProcessStartInfo("iptables-restore", ["--noflush"]) { RedirectStandardInput = true, UseShellExecute = false };
            restore.Start();
            restore.StandardInput.Write(script.ToString());
            restore.StandardInput.Close();
            restore.WaitForExit(30_000);
        }
    }

    /// <summary>True while <paramref name="pid"/> exists and is not a zombie (proc(5): state is the field after "(comm)").</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z') is false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static bool IsMountPoint(string path) => TempDir.ReadMountPoints().Contains(path);

    /// <summary>Runs a command in the network namespace pinned at <paramref name="netns"/> (nsenter --net).</summary>
    public static Task<ProcessResult> InNetnsAsync(string netns, TimeSpan timeout, params string[] command) =>
        ChildProcess.RunAsync("nsenter", [$"--net={netns}", "--", .. command], timeout, throwOnFailure: false);

    /// <summary>A TCP listener inside the pod's namespace answering "hello" to every connection, until disposed.</summary>
    public static ChildProcess Listener(string netns, int port) =>
        ChildProcess.Start("nsenter", [$"--net={netns}", "--", "busybox", "nc", "-ll", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-e", "echo", "hello"]);
}
