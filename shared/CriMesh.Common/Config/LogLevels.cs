using Serilog.Events;

namespace CriMesh.Common.Config;

/// <summary>The log level names accepted in the config, mapped to Serilog's levels.</summary>
public static class LogLevels
{
    public static IReadOnlyList<string> Names { get; } = ["verbose", "debug", "information", "warning", "error", "fatal"];

    public static bool TryParse(string name, out LogEventLevel level) =>
        Enum.TryParse(name, ignoreCase: true, out level) && Names.Contains(name.ToLowerInvariant());
}
