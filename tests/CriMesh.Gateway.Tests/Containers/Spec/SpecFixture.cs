using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CriMesh.Gateway.Containers.Spec;
using CriMesh.Gateway.Containers.Spec.Oci;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Tests.Containers.Spec;

/// <summary>
/// A scratch tree for spec tests: a tiny image rootfs (sh, passwd, group), host dirs to mount, a state dir.
/// Specs are compared with their temp root replaced by "/TMP", structurally, against Golden/&lt;name&gt;.json
/// (CRIMESH_UPDATE_GOLDEN=1 rewrites the files).
/// </summary>
public sealed class SpecFixture : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("crimesh-spec-").FullName;
    public string Rootfs => Path.Combine(Root, "rootfs");
    public string Host => Path.Combine(Root, "host");
    public string State => Path.Combine(Root, "state");

    public static readonly RuntimeFacts Facts = new()
    {
        HeldCapabilities = new HashSet<string>(Capabilities.Names.Where(c => c != "CAP_SYS_RESOURCE")),
        OwnOomScoreAdj = -500,
        CgroupDriver = "cgroupfs",
        SwapAccounting = true,
    };

    public SpecFixture()
    {
        Directory.CreateDirectory(Path.Combine(Rootfs, "bin"));
        Directory.CreateDirectory(Path.Combine(Rootfs, "etc"));
        Directory.CreateDirectory(Path.Combine(Rootfs, "work"));
        File.WriteAllText(Path.Combine(Rootfs, "bin/busybox"), "");
        File.CreateSymbolicLink(Path.Combine(Rootfs, "bin/sh"), "busybox");
        File.CreateSymbolicLink(Path.Combine(Rootfs, "bin/entry"), "/bin/busybox");
        File.WriteAllText(Path.Combine(Rootfs, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        File.WriteAllText(Path.Combine(Rootfs, "etc/group"), "root:x:0:\napp:x:1000:\nextra:x:2000:app\n");
        File.WriteAllText(Path.Combine(Rootfs, "etc/afile"), "");
        Directory.CreateDirectory(Path.Combine(Host, "data"));
        File.CreateSymbolicLink(Path.Combine(Host, "link"), Path.Combine(Host, "data"));
        File.WriteAllText(Path.Combine(Host, "afile"), "");
    }

    public PodContext Pod(Func<PodContext, PodContext>? change = null)
    {
        var pod = new PodContext
        {
            SandboxId = "pod0", Name = "web", Namespace = "default", Uid = "uid-1", Hostname = "web-host",
            NetNsPath = "/run/crimesh/ns/pod0/net", IpcNsPath = "/run/crimesh/ns/pod0/ipc",
            UtsNsPath = "/run/crimesh/ns/pod0/uts", CgroupParent = "/kubepods/besteffort/podUID",
            LogDirectory = "/var/log/pods/x", RuntimeHandler = "",
        };
        return change is null ? pod : change(pod);
    }

    public SpecInput Input(ContainerConfig config, ImageRunConfig? image = null, PodContext? pod = null) => new()
    {
        ContainerId = "ctr0",
        Config = config,
        Pod = pod ?? Pod(),
        Image = image ?? new ImageRunConfig { Entrypoint = ["/bin/entry"], Cmd = ["serve"], Env = ["PATH=/bin", "A=image"] },
        ImageName = "127.0.0.1:5000/busybox:1",
        RootfsPath = Rootfs,
        StateDirectory = State,
    };

    public static ContainerConfig Config(Action<ContainerConfig>? change = null)
    {
        var config = new ContainerConfig { Metadata = new ContainerMetadata { Name = "app" }, Image = new ImageSpec { Image = "busybox" } };
        change?.Invoke(config);
        return config;
    }

    /// <summary>Asserts the spec equals Golden/<paramref name="name"/>.json (structurally, temp root as /TMP).</summary>
    public void AssertGolden(string name, OciSpec spec, [CallerFilePath] string source = "")
    {
        var text = OciJson.Serialize(spec).Replace(Root, "/TMP", StringComparison.Ordinal);
        var path = Path.Combine(Path.GetDirectoryName(source)!, "Golden", name + ".json");
        if (Environment.GetEnvironmentVariable("CRIMESH_UPDATE_GOLDEN") == "1") File.WriteAllText(path, text + "\n");
        Assert.True(File.Exists(path), $"golden file {path} is missing");
        var expected = JsonNode.Parse(File.ReadAllText(path));
        var actual = JsonNode.Parse(text);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"spec differs from {name}.json:\n{text}");
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
