using System.Text.Json;

namespace CriMesh.Conmon.Monitor;

/// <summary>
/// One line the monitor writes on its sync pipe (API version 1): <c>{"data": N}</c> or
/// <c>{"data": N, "message": "..."}</c>. After a create, N is the container PID, or negative with the
/// runtime's stderr as message when the create failed.
/// </summary>
public readonly record struct SyncMessage(int Data, string Message)
{
    public static SyncMessage? Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data)
                || data.ValueKind != JsonValueKind.Number || !data.TryGetInt32(out var n))
            {
                return null;
            }
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "";
            return new SyncMessage(n, message);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
