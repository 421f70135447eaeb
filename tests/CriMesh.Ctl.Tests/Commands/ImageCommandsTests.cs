using CriMesh.Ctl.Commands;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Ctl.Tests.Commands;

public sealed class ImageCommandsTests
{
    [Theory]
    [InlineData("busybox:1.36", "busybox", "1.36")]
    [InlineData("127.0.0.1:5000/team/app:v2", "127.0.0.1:5000/team/app", "v2")]
    [InlineData("127.0.0.1:5000/team/app", "127.0.0.1:5000/team/app", "<none>")]
    [InlineData("busybox", "busybox", "<none>")]
    public void SplitTag_Reference_SeparatesRepositoryAndTag(string reference, string repository, string tag)
    {
        Assert.Equal((repository, tag), ImageCommands.SplitTag(reference));
    }

    [Fact]
    public void WriteImageTable_TaggedAndUntaggedImages_OneRowPerTag()
    {
        var output = new StringWriter();

        ImageCommands.WriteImageTable(output,
        [
            new Image
            {
                Id = "sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824",
                RepoTags = { "127.0.0.1:5000/busybox:1.36", "127.0.0.1:5000/busybox:latest" },
                Size = 4_500_000,
            },
            new Image
            {
                Id = "sha256:ffff000000000000",
                RepoDigests = { "127.0.0.1:5000/app@sha256:beef" },
                Size = 999,
            },
        ]);

        Assert.Equal(
            "IMAGE                    TAG      IMAGE ID        SIZE\n" +
            "127.0.0.1:5000/busybox   1.36     a416a98b71e22   4.5MB\n" +
            "127.0.0.1:5000/busybox   latest   a416a98b71e22   4.5MB\n" +
            "127.0.0.1:5000/app       <none>   ffff000000000   999B\n",
            output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task ReadPodConfigAsync_CamelAndSnakeCaseJson_ParsesBoth()
    {
        var dir = Directory.CreateTempSubdirectory("crimeshctl-test-");
        try
        {
            var camel = Path.Combine(dir.FullName, "camel.json");
            var snake = Path.Combine(dir.FullName, "snake.json");
            await File.WriteAllTextAsync(camel, """{"metadata":{"name":"web","namespace":"prod","uid":"u1","attempt":2},"logDirectory":"/tmp/logs","labels":{"a":"b"}}""");
            await File.WriteAllTextAsync(snake, """{"metadata":{"name":"web"},"log_directory":"/tmp/logs","dns_config":{"servers":["10.0.0.10"]}}""");

            var fromCamel = await ImageCommands.ReadPodConfigAsync(camel, CancellationToken.None);
            var fromSnake = await ImageCommands.ReadPodConfigAsync(snake, CancellationToken.None);

            Assert.Equal(("web", "prod", "u1", 2u), (fromCamel.Metadata.Name, fromCamel.Metadata.Namespace, fromCamel.Metadata.Uid, fromCamel.Metadata.Attempt));
            Assert.Equal("/tmp/logs", fromCamel.LogDirectory);
            Assert.Equal("b", fromCamel.Labels["a"]);
            Assert.Equal("/tmp/logs", fromSnake.LogDirectory);
            Assert.Equal(["10.0.0.10"], fromSnake.DnsConfig.Servers);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"metadata":{"attempt":"many"}}""")]
    [InlineData("""{"noSuchField":1}""")]
    [InlineData("[]")]
    public async Task ReadPodConfigAsync_MalformedJson_ThrowsInvalidArgument(string content)
    {
        var file = Path.Combine(Path.GetTempPath(), $"crimeshctl-test-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, content);
        try
        {
            var e = await Assert.ThrowsAsync<CommandException>(() => ImageCommands.ReadPodConfigAsync(file, CancellationToken.None));

            Assert.Equal(StatusCode.InvalidArgument, e.Code);
            Assert.Contains(file, e.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ReadPodConfigAsync_MissingFile_ThrowsInvalidArgumentNamingTheFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"crimeshctl-missing-{Guid.NewGuid():N}.json");

        var e = await Assert.ThrowsAsync<CommandException>(() => ImageCommands.ReadPodConfigAsync(file, CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, e.Code);
        Assert.Contains(file, e.Message);
    }
}
