using System.Text;
using System.Text.Json.Nodes;

namespace CriMesh.Testing.Images;

/// <summary>JSON pieces shared by manifests, indexes and layouts.</summary>
internal static class ImageJson
{
    public static JsonObject Descriptor(Blob blob) => new()
    {
        ["mediaType"] = blob.MediaType,
        ["digest"] = blob.Digest,
        ["size"] = blob.Size,
    };

    public static JsonObject Platform(Platform platform)
    {
        var o = new JsonObject { ["architecture"] = platform.Architecture, ["os"] = platform.Os };
        if (platform.Variant is not null)
        {
            o["variant"] = platform.Variant;
        }
        return o;
    }

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());
}
