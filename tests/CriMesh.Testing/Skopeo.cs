using System.Text.Json.Nodes;
using CriMesh.Testing.Registry;

namespace CriMesh.Testing;

/// <summary>
/// Runs the real <c>skopeo</c> as an independent judge of what a registry serves, with its own accept-anything
/// policy and an empty registries.conf (the host's files do not matter), over plain HTTP to 127.0.0.1.
/// </summary>
public static class Skopeo
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<string> ConfigDir = new(CreateConfigDir);

    /// <summary>
    /// Runs <c>skopeo [global options] ARGS</c>; returns the result without throwing on a non-zero exit
    /// (check <see cref="ProcessResult.ExitCode"/>).
    /// </summary>
    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        ChildProcess.RunAsync("skopeo", GlobalOptions().Concat(arguments), Timeout, throwOnFailure: false, cancellationToken);

    /// <summary>
    /// <c>skopeo inspect [--raw|--config] --tls-verify=false [--creds u:p | --no-creds] docker://REFERENCE</c>; throws with
    /// skopeo's output if it fails; returns the parsed JSON.
    /// </summary>
    public static async Task<JsonObject> InspectAsync(string reference, RegistryCredentials? credentials = null, bool raw = false, bool config = false, CancellationToken cancellationToken = default)
    {
        var args = new List<string> { "inspect" };
        if (raw)
        {
            args.Add("--raw");
        }
        if (config)
        {
            args.Add("--config");
        }
        args.AddRange(TransportOptions("--", credentials));
        args.Add("docker://" + reference);
        var result = await RunAsync(args, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"skopeo {string.Join(' ', args)} failed ({result.ExitCode}): {result.Stderr}");
        }
        return JsonNode.Parse(result.Stdout)!.AsObject();
    }

    /// <summary>
    /// <c>skopeo copy --src-tls-verify=false [--src-creds] [extra] docker://REFERENCE dir:DESTINATION</c>; skopeo verifies
    /// every digest on the way. Returns the result (exit code 0 on success).
    /// </summary>
    public static Task<ProcessResult> CopyToDirAsync(string reference, string destination, RegistryCredentials? credentials = null, IEnumerable<string>? extraArguments = null, CancellationToken cancellationToken = default)
    {
        var args = new List<string> { "copy", "--retry-times", "0" };
        args.AddRange(extraArguments ?? []);
        args.AddRange(TransportOptions("--src-", credentials));
        args.Add("docker://" + reference);
        args.Add("dir:" + destination);
        return RunAsync(args, cancellationToken);
    }

    private static IEnumerable<string> TransportOptions(string prefix, RegistryCredentials? credentials)
    {
        yield return prefix + "tls-verify=false";
        if (credentials is null)
        {
            yield return prefix + "no-creds";
        }
        else
        {
            yield return prefix + "creds";
            yield return credentials.ToSkopeoCreds();
        }
    }

    private static IEnumerable<string> GlobalOptions() =>
    [
        "--policy", Path.Combine(ConfigDir.Value, "policy.json"),
        "--registries-conf", Path.Combine(ConfigDir.Value, "registries.conf"),
        "--command-timeout", "90s",
    ];

    private static string CreateConfigDir()
    {
        // One small dir per test process (a few hundred bytes), left in /tmp: tests in parallel share it read-only.
        var dir = Directory.CreateTempSubdirectory("crimesh-skopeo-").FullName;
        File.WriteAllText(Path.Combine(dir, "policy.json"), """{"default":[{"type":"insecureAcceptAnything"}]}""");
        File.WriteAllText(Path.Combine(dir, "registries.conf"), "unqualified-search-registries = []\n");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Best effort at exit.
            }
        };
        return dir;
    }
}
