using System.Text.RegularExpressions;
using CriMesh.Conmon.Tests.Fixtures;
using CriMesh.Protos.Conmon.V1;
using Grpc.Core;

namespace CriMesh.Conmon.Tests.Integration;

[Collection("conmon node")]
public sealed partial class CriLogTests(ConmonNodeFixture fixture)
{
    private ConmonTestNode Node => fixture.Node;

    [GeneratedRegex(@"^(?<ts>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})) (?<stream>stdout|stderr) (?<tag>[PF]) (?<text>.*)$")]
    private static partial Regex CriLine();

    private static (string Stream, string Tag, string Text) Parse(string line)
    {
        var m = CriLine().Match(line);
        Assert.True(m.Success, $"not a CRI log line: \"{line}\"");
        Assert.True(DateTimeOffset.TryParse(Regex.Replace(m.Groups["ts"].Value, @"(\.\d{7})\d+", "$1"), out _), m.Groups["ts"].Value);
        return (m.Groups["stream"].Value, m.Groups["tag"].Value, m.Groups["text"].Value);
    }

    [Fact]
    public async Task Log_StdoutAndStderr_CriFormatFullLines()
    {
        var request = await Node.RunAsync(["sh", "-c", "echo hello world; echo oops >&2; echo bye"]);
        await Node.WaitExitedAsync(request.ContainerId);
        var lines = await ConmonTestNode.WaitLogAsync(request.LogPath, l => l.Length >= 3);
        var parsed = lines.Select(Parse).ToList();
        Assert.Contains(("stdout", "F", "hello world"), parsed);
        Assert.Contains(("stderr", "F", "oops"), parsed);
        Assert.Contains(("stdout", "F", "bye"), parsed);
        Assert.True(parsed.FindIndex(p => p.Text == "hello world") < parsed.FindIndex(p => p.Text == "bye"));
    }

    [Fact]
    public async Task Log_LineWithoutNewlineYet_PartialThenFull()
    {
        var request = await Node.RunAsync(["sh", "-c", "printf part; sleep 0.5; echo ial"]);
        await Node.WaitExitedAsync(request.ContainerId);
        var lines = await ConmonTestNode.WaitLogAsync(request.LogPath, l => l.Length >= 2);
        Assert.Equal([("stdout", "P", "part"), ("stdout", "F", "ial")], lines.Select(Parse));
    }

    [Fact]
    public async Task ReopenLog_AfterRename_NoLineLostOrDuplicated()
    {
        const int total = 400;
        var request = await Node.RunAsync(["sh", "-c", $"i=0; while [ $i -lt {total} ]; do echo line-$i; i=$((i+1)); sleep 0.01; done; sleep 1000"]);
        await ConmonTestNode.WaitLogAsync(request.LogPath, l => l.Length >= 50);
        var rotated = request.LogPath + ".1";
        File.Move(request.LogPath, rotated);
        await Node.Client.ReopenLogAsync(new ReopenLogRequest { ContainerId = request.ContainerId });
        Assert.True(File.Exists(request.LogPath), "reopen returns once the new file exists");
        await ConmonTestNode.WaitLogAsync(request.LogPath, l => l.Any(x => x.EndsWith($"line-{total - 1}", StringComparison.Ordinal)), TimeSpan.FromSeconds(60));
        var texts = File.ReadAllLines(rotated).Concat(File.ReadAllLines(request.LogPath)).Select(Parse).Select(p => p.Text).ToList();
        Assert.Equal(Enumerable.Range(0, total).Select(i => $"line-{i}"), texts);
        Assert.NotEmpty(File.ReadAllLines(request.LogPath));
        await Node.Client.DeleteContainerAsync(new DeleteContainerRequest { ContainerId = request.ContainerId });
    }

    [Fact]
    public async Task ReopenLog_ExitedContainer_FailedPrecondition()
    {
        var request = await Node.RunAsync(["true"]);
        await Node.WaitExitedAsync(request.ContainerId);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await Node.Client.ReopenLogAsync(new ReopenLogRequest { ContainerId = request.ContainerId }));
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
    }
}
