using Google.Protobuf;

namespace CriMesh.Ctl.Output;

/// <summary>Protobuf messages as indented proto3 JSON (lowerCamelCase names, defaults omitted), as crictl prints them.</summary>
internal static class Json
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithIndentation("  "));

    public static void Write(TextWriter output, IMessage message) => output.WriteLine(Formatter.Format(message));

    public static string Format(IMessage message) => Formatter.Format(message);
}
