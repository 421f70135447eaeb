namespace CriMesh.IntegrationTests.Deploy;

/// <summary>
/// <c>systemd-analyze verify</c> on the shipped units. PID 1 here is not systemd, so verification runs
/// against a temporary root: systemd's own units copied in (for sysinit.target and the like), ours in
/// UNIT_DIR, and a stub executable at every path layout.env says the daemons are installed to. Any
/// warning counts as a failure, since systemd ignores a bad line and still exits 0.
/// </summary>
public sealed class SystemdVerifyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static IEnumerable<string> ShippedUnits => Directory.GetFiles(RepoPaths.SystemdDir).Select(f => Path.GetFileName(f));

    [Fact]
    public async Task Verify_ShippedUnits_PassWithoutAnyWarning()
    {
        using var root = new TempDirectory();
        PrepareRoot(root, _ => { });

        var result = await VerifyAsync(root);

        Assert.True(result.ExitCode == 0 && result.Stderr.Trim().Length == 0 && result.Stdout.Trim().Length == 0, result.ToString());
    }

    [Theory]
    [InlineData("crimesh-netd.service", "Type=notify", "Type=notifyy")]
    [InlineData("crimesh-imaged.service", "RestartSec=1s", "RestartSec=soon")]
    [InlineData("crimesh-conmon.service", "KillMode=process", "KillMode=process\nKillModes=none")]
    [InlineData("crimesh-storaged.service", "/crimesh-storaged/crimesh-storaged", "/crimesh-storaged/crimesh-storage")]
    [InlineData("crimesh-gateway.service", "ExecStart=/usr/local/lib", "ExecStart=usr/local/lib")]
    [InlineData("crimesh-gateway.socket", "SocketMode=0660", "SocketMode=0990")]
    [InlineData("crimesh.target", "Wants=crimesh-gateway.socket", "Wants=crimesh-gateway.sock")]
    public async Task Verify_DeliberatelyBrokenUnit_Fails(string unit, string good, string bad)
    {
        using var root = new TempDirectory();
        PrepareRoot(root, dir =>
        {
            var path = Path.Combine(dir, unit);
            var text = File.ReadAllText(path);
            Assert.Contains(good, text, StringComparison.Ordinal);
            File.WriteAllText(path, text.Replace(good, bad, StringComparison.Ordinal));
        });

        var result = await VerifyAsync(root);

        Assert.False(result.ExitCode == 0 && result.Stderr.Trim().Length == 0, $"a broken {unit} passed verification:\n{result}");
    }

    [Fact]
    public async Task Verify_InstalledBinaryMissing_Fails()
    {
        using var root = new TempDirectory();
        PrepareRoot(root, _ => { });
        File.Delete(root.Combine(InstallLayout.Shipped.ExecutableOf("crimesh-conmon")));

        var result = await VerifyAsync(root);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("crimesh-conmon", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enable_UnitsSetupEnables_LinkTargetIntoBootAndEveryServiceIntoTarget()
    {
        using var root = new TempDirectory();
        PrepareRoot(root, _ => { });
        var services = InstallLayout.Shipped.Daemons.Select(DaemonCatalog.UnitName).ToList();

        // What tools/setup.sh runs where systemd is PID 1, applied to the temporary root.
        var result = await ProcessRunner.RunAsync(
            "systemctl",
            [$"--root={root.Path}", "enable", "crimesh.target", "crimesh-gateway.socket", .. services],
            Timeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        var unitDir = root.Combine(InstallLayout.Shipped["UNIT_DIR"]);
        // The links point at the unit's path inside the root, so they dangle from outside it: look at the links themselves.
        static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;
        Assert.True(IsLink(Path.Combine(unitDir, "multi-user.target.wants", "crimesh.target")), result.ToString());
        Assert.True(IsLink(Path.Combine(unitDir, "sockets.target.wants", "crimesh-gateway.socket")), result.ToString());
        Assert.All(services, s => Assert.True(IsLink(Path.Combine(unitDir, "crimesh.target.wants", s)), result.ToString()));
    }

    /// <summary>Fills <paramref name="root"/>; <paramref name="edit"/> may change the copied units in their directory.</summary>
    private static void PrepareRoot(TempDirectory root, Action<string> edit)
    {
        var layout = InstallLayout.Shipped;
        const string systemUnits = "/usr/lib/systemd/system";
        Assert.True(Directory.Exists(systemUnits), $"{systemUnits} is missing: install the Debian package systemd");
        CopyTree(systemUnits, root.Combine(systemUnits));

        var unitDir = root.Combine(layout["UNIT_DIR"]);
        Directory.CreateDirectory(unitDir);
        foreach (var unit in ShippedUnits)
        {
            File.Copy(Path.Combine(RepoPaths.SystemdDir, unit), Path.Combine(unitDir, unit));
        }
        edit(unitDir);

        foreach (var daemon in DaemonCatalog.Names)
        {
            var stub = root.Combine(layout.ExecutableOf($"crimesh-{daemon}"));
            Directory.CreateDirectory(Path.GetDirectoryName(stub)!);
            File.WriteAllText(stub, "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static Task<ProcessOutput> VerifyAsync(TempDirectory root) =>
        ProcessRunner.RunAsync(
            "systemd-analyze",
            ["verify", "--man=no", $"--root={root.Path}", .. ShippedUnits],
            Timeout,
            new Dictionary<string, string> { ["SYSTEMD_LOG_COLOR"] = "0", ["SYSTEMD_PAGER"] = "" });

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo)
            {
                CopyTree(entry.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }
}
