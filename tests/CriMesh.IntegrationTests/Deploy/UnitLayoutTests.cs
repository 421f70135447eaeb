using CriMesh.Common.Config;

namespace CriMesh.IntegrationTests.Deploy;

/// <summary>
/// The units, the tmpfiles config, tools/setup.sh and the daemons agree with deploy/layout.env and with
/// the assembly names the csproj files set.
/// </summary>
public sealed class UnitLayoutTests
{
    private static readonly InstallLayout Layout = InstallLayout.Shipped;

    private static UnitFile Unit(string name) => UnitFile.Load(Path.Combine(RepoPaths.SystemdDir, name));

    [Theory]
    [MemberData(nameof(DaemonTheory))]
    public void AssemblyName_EveryDaemonProject_IsCrimeshDashDaemon(string daemon)
    {
        Assert.Equal($"crimesh-{daemon}", DaemonCatalog.AssemblyNameIn(DaemonCatalog.ProjectDir(daemon)));
    }

    [Theory]
    [MemberData(nameof(DaemonTheory))]
    public void ExecStart_EveryService_RunsPublishedAssemblyWithLayoutConfig(string daemon)
    {
        var assembly = DaemonCatalog.AssemblyNameIn(DaemonCatalog.ProjectDir(daemon));
        var unit = Unit(DaemonCatalog.UnitName(daemon));

        Assert.Equal($"{Layout.ExecutableOf(assembly)} --config {Layout["CONF_FILE"]}", unit.Single("Service", "ExecStart"));
        Assert.Equal($"-{Layout["ENV_FILE"]}", unit.Single("Service", "EnvironmentFile"));
    }

    [Theory]
    [MemberData(nameof(DaemonTheory))]
    public void ServiceSection_EveryService_IsNotifyAlwaysRestartedPartOfTarget(string daemon)
    {
        var unit = Unit(DaemonCatalog.UnitName(daemon));

        Assert.Equal("notify", unit.Single("Service", "Type"));
        Assert.Equal("always", unit.Single("Service", "Restart"));
        Assert.Equal("78", unit.Single("Service", "RestartPreventExitStatus"));
        Assert.Equal("crimesh.target", unit.Single("Unit", "PartOf"));
        Assert.Equal("crimesh.target", unit.Single("Install", "WantedBy"));
    }

    [Fact]
    public void ConmonService_Stop_SignalsOnlyTheDaemonAndDelegatesCgroups()
    {
        var unit = Unit("crimesh-conmon.service");

        Assert.Equal("process", unit.Single("Service", "KillMode"));
        Assert.Equal("yes", unit.Single("Service", "Delegate"));
    }

    [Fact]
    public void GatewaySocket_ListenStream_IsDefaultGatewaySocketInLayoutRunDir()
    {
        var socket = Unit("crimesh-gateway.socket");

        var listen = socket.Single("Socket", "ListenStream");
        Assert.Equal($"{Layout["RUN_DIR"]}/crimesh.sock", listen);
        Assert.Equal(new NodeOptions().SocketPath("gateway"), listen);
        Assert.Equal("0660", socket.Single("Socket", "SocketMode"));
    }

    [Fact]
    public void GatewayService_Socket_IsRequiredAndOrderedFirst()
    {
        var unit = Unit("crimesh-gateway.service");

        Assert.Contains("crimesh-gateway.socket", unit.Words("Unit", "Requires"));
        Assert.Contains("crimesh-gateway.socket", unit.Words("Unit", "After"));
    }

    [Fact]
    public void ImagedService_Ordering_StartsAfterStoraged()
    {
        Assert.Contains("crimesh-storaged.service", Unit("crimesh-imaged.service").Words("Unit", "After"));
    }

    [Fact]
    public void Target_Wants_EveryServiceAndTheSocket()
    {
        var target = Unit("crimesh.target");
        var expected = DaemonCatalog.Names.Select(DaemonCatalog.UnitName).Append("crimesh-gateway.socket").Order().ToList();

        Assert.Equal(expected, target.Words("Unit", "Wants").Order().ToList());
        Assert.Equal(expected, target.Words("Unit", "After").Order().ToList());
    }

    [Fact]
    public void SystemdDir_Files_AreExactlyTheExpectedUnits()
    {
        var expected = DaemonCatalog.Names.Select(DaemonCatalog.UnitName)
            .Append("crimesh-gateway.socket").Append("crimesh.target").Order(StringComparer.Ordinal).ToList();

        var actual = Directory.GetFiles(RepoPaths.SystemdDir).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Layout_Paths_MatchTheDaemonsBuiltInDefaults()
    {
        var node = new NodeOptions();

        Assert.Equal(node.RunDir, Layout["RUN_DIR"]);
        Assert.Equal(node.StateDir, Layout["STATE_DIR"]);
        Assert.Equal(ConfigDocument.DefaultPath, Layout["CONF_FILE"]);
        Assert.Equal(ConfigDocument.DropInDirFor(Layout["CONF_FILE"]), Layout["DROPIN_DIR"]);
        Assert.Equal(Layout["CONF_DIR"], Path.GetDirectoryName(Layout["CONF_FILE"]));
    }

    [Fact]
    public void Layout_Daemons_ListsEachDaemonOnceWithGatewayLast()
    {
        Assert.Equal(DaemonCatalog.Names.Order().ToList(), Layout.Daemons.Order().ToList());
        Assert.Equal("gateway", Layout.Daemons[^1]);
    }

    [Fact]
    public void Layout_EveryValue_IsAnAbsolutePathExceptTheDaemonList()
    {
        foreach (var (key, value) in Layout.Values.Where(kv => kv.Key != "DAEMONS"))
        {
            Assert.True(Path.IsPathFullyQualified(value), $"layout.env: {key}={value} is not an absolute path");
        }
    }

    [Fact]
    public void Tmpfiles_Directories_AreTheLayoutRunStateAndLogDirs()
    {
        var paths = File.ReadLines(Path.Combine(RepoPaths.Deploy, "tmpfiles.d", "crimesh.conf"))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (Type: f[0], Path: f[1]))
            .ToList();

        Assert.All(paths, p => Assert.Equal("d", p.Type));
        Assert.Equal(
            new[] { Layout["RUN_DIR"], Layout["STATE_DIR"], Layout["LOG_DIR"] }.Order().ToList(),
            paths.Select(p => p.Path).Order().ToList());
    }

    [Fact]
    public void SetupScript_Components_NameTheAssembliesTheirProjectsBuild()
    {
        // tools/setup.sh lists "name project" pairs; the name is the published executable and its directory.
        var lines = File.ReadLines(Path.Combine(RepoPaths.Root, "tools", "setup.sh"))
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("\"crimesh", StringComparison.Ordinal) && l.EndsWith(".csproj\"", StringComparison.Ordinal))
            .Select(l => l.Trim('"').Split(' '))
            .ToList();

        Assert.Equal(6, lines.Count);
        foreach (var pair in lines)
        {
            var projectDir = Path.GetDirectoryName(Path.Combine(RepoPaths.Root, pair[1]))!;
            Assert.Equal(pair[0], DaemonCatalog.AssemblyNameIn(projectDir));
        }
        Assert.Equal(
            DaemonCatalog.Names.Select(n => $"crimesh-{n}").Append("crimeshctl").Order().ToList(),
            lines.Select(p => p[0]).Order().ToList());
    }

    public static TheoryData<string> DaemonTheory => DaemonCatalog.Theory;
}
