using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CriMesh.Common.Errors;
using CriMesh.Common.Processes;
using CriMesh.Netd.Options;
using Microsoft.Extensions.Logging;

namespace CriMesh.Netd.Cni;

/// <summary>
/// Runs one CNI plugin once (CNI spec, "Execution Protocol"): the config on stdin, the parameters in the
/// environment, a result or an error object on stdout. A plugin that outlives the deadline is killed with
/// its process group; a failure becomes a <see cref="CriMeshException"/> with the plugin's code and msg.
/// </summary>
public sealed class PluginInvoker(NetdOptions options, PluginLocator locator, ILogger<PluginInvoker> logger)
{
    private const int MaxShown = 300;

    /// <summary>Runs <paramref name="command"/>; returns the parsed stdout object for ADD, null otherwise.</summary>
    public async Task<JsonObject?> InvokeAsync(string command, JsonObject config, PluginCall call, CancellationToken cancellationToken)
    {
        var type = NetworkConfig.TypeOf(config);
        var binary = locator.Find(type)
            ?? throw new CriMeshException(ErrorKind.FailedPrecondition, $"cni plugin {type} not found in {locator.CniPath}");
        var spec = new ProcessSpec(binary, [])
        {
            Environment = Environment(command, call),
            Stdin = Encoding.UTF8.GetBytes(config.ToJsonString()),
            Timeout = options.CniPluginTimeout,
            MaxOutputBytes = 1024 * 1024,
        };
        var outcome = await ProcessRunner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        Log.PluginRan(logger, type, command, call.ContainerId, outcome.ExitCode, outcome.Elapsed);
        if (outcome.TimedOut)
        {
            throw new CriMeshException(ErrorKind.DeadlineExceeded,
                $"cni plugin {type} {command} did not finish within {options.CniPluginTimeout.TotalSeconds:0.###}s and was killed");
        }
        if (outcome.Signal != 0)
        {
            throw new CriMeshException(ErrorKind.Internal, $"cni plugin {type} {command} was killed by signal {outcome.Signal}{Stderr(outcome.Stderr)}");
        }
        if (outcome.ExitCode != 0)
        {
            throw PluginError(type, command, outcome.ExitCode, outcome.Stdout, outcome.Stderr);
        }
        return command == "ADD" ? ParseResult(type, outcome.Stdout, outcome.StdoutTruncated) : null;
    }

    private Dictionary<string, string> Environment(string command, PluginCall call) => new(StringComparer.Ordinal)
    {
        ["CNI_COMMAND"] = command,
        ["CNI_CONTAINERID"] = call.ContainerId,
        ["CNI_NETNS"] = call.NetnsPath,
        ["CNI_IFNAME"] = call.IfName,
        ["CNI_ARGS"] = call.CniArgs,
        ["CNI_PATH"] = locator.CniPath,
        // Plugins run iptables, ip and friends by name.
        ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    };

    private static JsonObject ParseResult(string type, byte[] stdout, bool truncated)
    {
        if (truncated)
        {
            throw new CriMeshException(ErrorKind.Internal, $"cni plugin {type} ADD printed more than 1 MiB; not a result");
        }
        try
        {
            return JsonNode.Parse(stdout) as JsonObject
                ?? throw new CriMeshException(ErrorKind.Internal, $"cni plugin {type} ADD printed no result object: {Shown(stdout)}");
        }
        catch (JsonException e)
        {
            throw new CriMeshException(ErrorKind.Internal, $"cni plugin {type} ADD printed an invalid result ({e.Message}): {Shown(stdout)}");
        }
    }

    /// <summary>An error object ({"code", "msg", "details"}) or, when stdout is not one, what the plugin printed.</summary>
    internal static CriMeshException PluginError(string type, string command, int exitCode, byte[] stdout, byte[] stderr)
    {
        try
        {
            if (JsonNode.Parse(stdout) is JsonObject error && error["code"] is JsonValue codeNode && codeNode.TryGetValue(out int code))
            {
                var msg = error["msg"] is JsonValue m && m.TryGetValue(out string? s) ? s : "";
                var details = error["details"] is JsonValue d && d.TryGetValue(out string? t) && t.Length > 0 ? $" ({t})" : "";
                // Code 11 is the spec's "try again later".
                var kind = code == 11 ? ErrorKind.Unavailable : ErrorKind.Internal;
                return new CriMeshException(kind, $"cni plugin {type} {command} failed: code {code}: {msg}{details}");
            }
        }
        catch (JsonException)
        {
        }
        return new CriMeshException(ErrorKind.Internal,
            $"cni plugin {type} {command} failed: exit code {exitCode}, no cni error object on stdout: {Shown(stdout)}{Stderr(stderr)}");
    }

    private static string Stderr(byte[] stderr) => stderr.Length == 0 ? "" : $"; stderr: {Shown(stderr)}";

    private static string Shown(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, MaxShown)).Trim();
        var printable = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return bytes.Length == 0 ? "(empty)" : bytes.Length > MaxShown ? printable + "..." : printable;
    }
}
