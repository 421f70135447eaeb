using CriMesh.Common.Errors;
using CriMesh.Gateway.Containers.Spec.Oci;

namespace CriMesh.Gateway.Containers.Spec;

public sealed partial class SpecBuilder
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private void BuildProcess()
    {
        var process = spec.Process;
        process.Args = MergeArgs(config.Command, config.Args, input.Image);
        process.Env = MergeEnv();
        process.Cwd = WorkingDirectory();
        process.Terminal = config.Tty ? true : null;
        process.User = UserResolver.Resolve(input.RootfsPath, security, input.Image.User ?? "");
        process.NoNewPrivileges = security.NoNewPrivs ? true : null;
        RequireExecutable(process.Args[0], process.Env);
    }

    /// <summary>
    /// Kubernetes' rule: a command replaces the image's ENTRYPOINT and drops its CMD; args replace CMD.
    /// InvalidArgument when nothing is left to run.
    /// </summary>
    public static List<string> MergeArgs(IReadOnlyList<string> command, IReadOnlyList<string> args, ImageRunConfig image)
    {
        var entrypoint = command.Count > 0 ? command : (IReadOnlyList<string>?)image.Entrypoint ?? [];
        var cmd = args.Count > 0 ? args : command.Count > 0 ? [] : (IReadOnlyList<string>?)image.Cmd ?? [];
        var merged = entrypoint.Concat(cmd).ToList();
        return merged.Count > 0 && merged[0].Length > 0
            ? merged
            : throw CriMeshException.Invalid("no command: the container config and the image name neither a command nor args");
    }

    /// <summary>The image's environment, then the container's (a container variable replaces the image's).</summary>
    private List<string> MergeEnv()
    {
        var env = new List<KeyValuePair<string, string>>();
        void Set(string key, string value)
        {
            var at = env.FindIndex(kv => kv.Key == key);
            if (at >= 0) env[at] = new(key, value); else env.Add(new(key, value));
        }
        foreach (var line in input.Image.Env ?? [])
        {
            var eq = line.IndexOf('=');
            Set(eq < 0 ? line : line[..eq], eq < 0 ? "" : line[(eq + 1)..]);
        }
        if (env.All(kv => kv.Key != "PATH")) Set("PATH", DefaultPath);
        if (input.Pod.Hostname.Length > 0) Set("HOSTNAME", input.Pod.Hostname);
        if (config.Tty) Set("TERM", "xterm");
        foreach (var kv in config.Envs)
        {
            if (kv.Key.Length == 0 || kv.Key.Contains('=')) throw CriMeshException.Invalid($"invalid environment variable name \"{kv.Key}\"");
            Set(kv.Key, kv.Value);
        }
        return env.Select(kv => $"{kv.Key}={kv.Value}").ToList();
    }

    /// <summary>The container's working dir, else the image's, else "/"; InvalidArgument when it is relative or names a non-directory.</summary>
    private string WorkingDirectory()
    {
        var cwd = config.WorkingDir.Length > 0 ? config.WorkingDir : input.Image.WorkingDir is { Length: > 0 } w ? w : "/";
        if (!cwd.StartsWith('/')) throw CriMeshException.Invalid($"working dir \"{cwd}\" is not absolute");
        var onHost = ScopedPath.Resolve(input.RootfsPath, cwd);
        if (File.Exists(onHost)) throw CriMeshException.Invalid($"working dir {cwd} is not a directory in the image");
        return cwd; // a missing one is created by runc, as Docker does
    }

    /// <summary>InvalidArgument when the program to run is not in the image (found as the container's PATH would find it).</summary>
    private void RequireExecutable(string program, List<string> env)
    {
        if (program.Contains('/'))
        {
            var path = program.StartsWith('/') ? program : $"{spec.Process.Cwd.TrimEnd('/')}/{program}";
            if (!File.Exists(ScopedPath.Resolve(input.RootfsPath, path)))
                throw CriMeshException.Invalid($"executable {program} does not exist in the image");
            return;
        }
        var pathVar = env.LastOrDefault(e => e.StartsWith("PATH=", StringComparison.Ordinal))?[5..] ?? DefaultPath;
        if (!pathVar.Split(':').Any(dir => dir.StartsWith('/') && File.Exists(ScopedPath.Resolve(input.RootfsPath, $"{dir}/{program}"))))
            throw CriMeshException.Invalid($"executable \"{program}\" not found in the image's PATH {pathVar}");
    }
}
