using CriMesh.Ctl.Commands;
using CriMesh.Ctl.Tests.Fakes;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Ctl.Tests.Commands;

public sealed class PodCommandsTests
{
    [Fact]
    public void WritePodTable_Pods_OneRowEach()
    {
        var now = FixedTime.Noon;
        var output = new StringWriter();

        PodCommands.WritePodTable(output,
        [
            new PodSandbox
            {
                Id = "0123456789abcdef",
                Metadata = new PodSandboxMetadata { Name = "web-0", Namespace = "prod", Attempt = 2 },
                State = PodSandboxState.SandboxNotready,
                CreatedAt = FixedTime.NanosBefore(now, TimeSpan.FromSeconds(42)),
                RuntimeHandler = "runc",
            },
            new PodSandbox { Id = "p2", Metadata = new PodSandboxMetadata { Name = "db" }, State = PodSandboxState.SandboxReady },
        ], now);

        var lines = output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"], ContainerCommandsTests.Columns(lines[0]));
        Assert.Equal(["0123456789abc", "42 seconds ago", "NotReady", "web-0", "prod", "2", "runc"], ContainerCommandsTests.Columns(lines[1]));
        // CREATED and NAMESPACE are empty here, so the row has fewer visible cells; check by position instead.
        Assert.StartsWith("p2", lines[2]);
        Assert.Contains("Ready", lines[2]);
        Assert.EndsWith("(default)", lines[2]);
    }
}
