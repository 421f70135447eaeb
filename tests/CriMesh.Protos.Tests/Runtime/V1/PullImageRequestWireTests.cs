using CriMesh.Protos.Runtime.V1;
using CriMesh.Protos.Tests.Wire;

namespace CriMesh.Protos.Tests.Runtime.V1;

// Bytes laid out by upstream's field numbers (k8s.io/cri-api v0.32), parsed by our generated classes.
public sealed class PullImageRequestWireTests
{
    private static byte[] UpstreamPullImageRequest() => ProtoWriter.Build(w => w
        .Message(1, i => i.String(1, "127.0.0.1:5000/team/busybox:1.36").String(19, "runc"))
        .Message(2, a => a
            .String(1, "puller")
            .String(2, "s3cret:with:colons")
            .String(3, "cHVsbGVyOnMzY3JldA==")
            .String(4, "127.0.0.1:5000")
            .String(5, "identity-token-value")
            .String(6, "registry-token-value"))
        .Bytes(3, PodSandboxConfigWireTests.UpstreamPodSandboxConfig()));

    [Fact]
    public void ParseFrom_UpstreamImageAndAuth_SetsEveryField()
    {
        var request = PullImageRequest.Parser.ParseFrom(UpstreamPullImageRequest());

        Assert.Equal("127.0.0.1:5000/team/busybox:1.36", request.Image.Image);
        Assert.Equal("runc", request.Image.RuntimeHandler);
        Assert.Equal("puller", request.Auth.Username);
        Assert.Equal("s3cret:with:colons", request.Auth.Password);
        Assert.Equal("cHVsbGVyOnMzY3JldA==", request.Auth.Auth);
        Assert.Equal("127.0.0.1:5000", request.Auth.ServerAddress);
        Assert.Equal("identity-token-value", request.Auth.IdentityToken);
        Assert.Equal("registry-token-value", request.Auth.RegistryToken);
    }

    [Fact]
    public void ParseFrom_UpstreamSandboxConfig_EqualsTheConfigParsedAlone()
    {
        var request = PullImageRequest.Parser.ParseFrom(UpstreamPullImageRequest());

        Assert.Equal(PodSandboxConfig.Parser.ParseFrom(PodSandboxConfigWireTests.UpstreamPodSandboxConfig()), request.SandboxConfig);
        Assert.Equal("nginx", request.SandboxConfig.Metadata.Name);
        Assert.Equal("web", request.SandboxConfig.Metadata.Namespace);
    }

    [Fact]
    public void ParseFrom_NoAuth_LeavesAuthUnset()
    {
        var bytes = ProtoWriter.Build(w => w.Message(1, i => i.String(1, "busybox")));

        var request = PullImageRequest.Parser.ParseFrom(bytes);

        Assert.Equal("busybox", request.Image.Image);
        Assert.Null(request.Auth);
        Assert.Null(request.SandboxConfig);
    }
}
