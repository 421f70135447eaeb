using CriMesh.Ctl.Commands;
using CriMesh.Ctl.Tests.Fakes;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Ctl.Tests.Commands;

public sealed class ContainerCommandsTests
{
    [Fact]
    public void BuildListRequest_WithoutAll_AsksForRunningOnly()
    {
        var request = ContainerCommands.BuildListRequest(all: false);

        Assert.Equal(ContainerState.ContainerRunning, request.Filter.State.State);
    }

    [Fact]
    public void BuildListRequest_WithAll_HasNoFilter()
    {
        Assert.Null(ContainerCommands.BuildListRequest(all: true).Filter);
    }

    [Fact]
    public void WriteContainerTable_Containers_ShortIdsStatesAndAges()
    {
        var now = FixedTime.Noon;
        var output = new StringWriter();

        ContainerCommands.WriteContainerTable(output,
        [
            new Container
            {
                Id = "4f1e2d3c4b5a69788796a5b4c3d2e1f0",
                PodSandboxId = "9a8b7c6d5e4f3a2b1c0d",
                Metadata = new ContainerMetadata { Name = "app", Attempt = 1 },
                Image = new ImageSpec { Image = "sha256:aaaabbbbccccddddeeee", UserSpecifiedImage = "busybox:1.36" },
                State = ContainerState.ContainerRunning,
                CreatedAt = FixedTime.NanosBefore(now, TimeSpan.FromMinutes(5)),
            },
            new Container
            {
                Id = "short",
                PodSandboxId = "pod",
                Metadata = new ContainerMetadata { Name = "init" },
                Image = new ImageSpec { Image = "sha256:aaaabbbbccccddddeeee" },
                State = ContainerState.ContainerExited,
                CreatedAt = FixedTime.NanosBefore(now, TimeSpan.FromHours(3)),
            },
        ], now);

        var lines = output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal(["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID"], Columns(lines[0]));
        Assert.Equal(["4f1e2d3c4b5a6", "busybox:1.36", "5 minutes ago", "Running", "app", "1", "9a8b7c6d5e4f3"], Columns(lines[1]));
        Assert.Equal(["short", "aaaabbbbccccd", "3 hours ago", "Exited", "init", "0", "pod"], Columns(lines[2]));
    }

    [Theory]
    [InlineData(ContainerState.ContainerCreated, "Created")]
    [InlineData(ContainerState.ContainerRunning, "Running")]
    [InlineData(ContainerState.ContainerExited, "Exited")]
    [InlineData(ContainerState.ContainerUnknown, "Unknown")]
    [InlineData((ContainerState)42, "42")]
    public void StateName_State_ReadableWord(ContainerState state, string expected)
    {
        Assert.Equal(expected, ContainerCommands.StateName(state));
    }

    // Columns are separated by at least three spaces; cells themselves hold at most single spaces.
    internal static string[] Columns(string line) =>
        System.Text.RegularExpressions.Regex.Split(line.Trim(), " {3,}");
}
