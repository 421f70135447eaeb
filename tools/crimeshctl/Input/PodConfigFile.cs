using CriMesh.Ctl.Commands;
using CriMesh.Protos.Runtime.V1;
using Google.Protobuf;

namespace CriMesh.Ctl.Input;

/// <summary>
/// A pod sandbox config file as crictl takes it: JSON, or YAML (by a .yaml / .yml name, or content that
/// does not start with '{'). Field names as in the proto (snake_case) or lowerCamelCase; enums by name or number.
/// </summary>
internal static class PodConfigFile
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public static PodSandboxConfig Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException(Grpc.Core.StatusCode.InvalidArgument, $"cannot read {path}: {e.Message}");
        }
        return Parse(text, IsYaml(path, text), path);
    }

    public static PodSandboxConfig Parse(string text, bool yaml, string source)
    {
        try
        {
            var json = yaml ? YamlSubset.Parse(text)?.ToJsonString() ?? "{}" : text;
            return Parser.Parse<PodSandboxConfig>(json);
        }
        catch (Exception e) when (e is FormatException or InvalidProtocolBufferException or InvalidJsonException or System.Text.Json.JsonException)
        {
            throw new CommandException(Grpc.Core.StatusCode.InvalidArgument, $"{source} is not a valid pod sandbox config: {e.Message}");
        }
    }

    private static bool IsYaml(string path, string text) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) ||
        !text.TrimStart().StartsWith('{');
}
