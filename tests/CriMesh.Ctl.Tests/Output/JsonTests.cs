using CriMesh.Ctl.Output;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Ctl.Tests.Output;

public sealed class JsonTests
{
    [Fact]
    public void Format_VersionResponse_IndentedCamelCaseJson()
    {
        var json = Json.Format(new VersionResponse
        {
            Version = "v1",
            RuntimeName = "crimesh",
            RuntimeVersion = "0.1.0",
            RuntimeApiVersion = "v1",
        });

        Assert.Equal(
            "{\n  \"version\": \"v1\",\n  \"runtimeName\": \"crimesh\",\n  \"runtimeVersion\": \"0.1.0\",\n  \"runtimeApiVersion\": \"v1\"\n}",
            json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Format_ListWithEnumsAndUint64_UsesProto3JsonMapping()
    {
        var json = Json.Format(new ListContainersResponse
        {
            Containers = { new Container { Id = "c1", State = ContainerState.ContainerRunning } },
        });

        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var container = doc.RootElement.GetProperty("containers")[0];
        Assert.Equal("c1", container.GetProperty("id").GetString());
        Assert.Equal("CONTAINER_RUNNING", container.GetProperty("state").GetString());

        var image = Json.Format(new Image { Id = "sha256:1", Size = 18446744073709551615 });
        using var imageDoc = System.Text.Json.JsonDocument.Parse(image);
        Assert.Equal("18446744073709551615", imageDoc.RootElement.GetProperty("size").GetString());
    }

    [Fact]
    public void Write_EmptyMessage_PrintsEmptyObject()
    {
        var output = new StringWriter();

        Json.Write(output, new ListImagesResponse());

        Assert.Equal("{}", output.ToString().Trim());
    }
}
