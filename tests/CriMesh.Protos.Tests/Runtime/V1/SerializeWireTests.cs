using CriMesh.Protos.Runtime.V1;
using CriMesh.Protos.Tests.Wire;
using Google.Protobuf;

namespace CriMesh.Protos.Tests.Runtime.V1;

// The other direction: what our generated classes write must be byte for byte what upstream's
// field numbers and wire types dictate (fields in number order, packed repeated scalars).
public sealed class SerializeWireTests
{
    [Fact]
    public void ToByteArray_PodSandboxMetadata_MatchesUpstreamLayout()
    {
        var metadata = new PodSandboxMetadata { Name = "nginx", Uid = "7f3c-uid", Namespace = "web", Attempt = 3 };

        var expected = ProtoWriter.Build(w => w.String(1, "nginx").String(2, "7f3c-uid").String(3, "web").Varint(4, 3));

        Assert.Equal(expected, metadata.ToByteArray());
    }

    [Fact]
    public void ToByteArray_AuthConfig_MatchesUpstreamLayout()
    {
        var auth = new AuthConfig
        {
            Username = "u",
            Password = "p",
            Auth = "dTpw",
            ServerAddress = "127.0.0.1:5000",
            IdentityToken = "it",
            RegistryToken = "rt",
        };

        var expected = ProtoWriter.Build(w => w
            .String(1, "u").String(2, "p").String(3, "dTpw").String(4, "127.0.0.1:5000").String(5, "it").String(6, "rt"));

        Assert.Equal(expected, auth.ToByteArray());
    }

    [Fact]
    public void ToByteArray_ContainerSecurityContext_WritesFieldsInNumberOrderAndPacksGroups()
    {
        // Declared order differs from number order here (run_as_group = 12 sits after run_as_user = 5,
        // supplemental_groups_policy = 17 after supplemental_groups = 8).
        var sc = new LinuxContainerSecurityContext
        {
            RunAsUser = new Int64Value { Value = 1000 },
            RunAsGroup = new Int64Value { Value = 1001 },
            SupplementalGroups = { 5, 6 },
            SupplementalGroupsPolicy = SupplementalGroupsPolicy.Strict,
            NoNewPrivs = true,
        };

        var expected = ProtoWriter.Build(w => w
            .Message(5, v => v.Varint(1, 1000))
            .Packed(8, 5, 6)
            .Bool(11, true)
            .Message(12, v => v.Varint(1, 1001))
            .Varint(17, 1));

        Assert.Equal(expected, sc.ToByteArray());
    }

    [Fact]
    public void ToByteArray_ImageSpecWithHighFieldNumbers_MatchesUpstreamLayout()
    {
        var spec = new ImageSpec
        {
            Image = "busybox",
            Annotations = { ["k"] = "v" },
            UserSpecifiedImage = "docker.io/library/busybox",
            RuntimeHandler = "runc",
        };

        var expected = ProtoWriter.Build(w => w
            .String(1, "busybox").MapEntry(2, "k", "v").String(18, "docker.io/library/busybox").String(19, "runc"));

        Assert.Equal(expected, spec.ToByteArray());
    }

    [Fact]
    public void ToByteArray_DefaultValues_WritesNothing()
    {
        // proto3 leaves zero values off the wire; kubelet relies on absent == default.
        Assert.Empty(new ContainerStatus { State = ContainerState.ContainerCreated, ExitCode = 0 }.ToByteArray());
    }
}
