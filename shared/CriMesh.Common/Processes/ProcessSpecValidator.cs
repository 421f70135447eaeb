using System.Collections;
using CriMesh.Common.Errors;

namespace CriMesh.Common.Processes;

/// <summary>Checks a <see cref="ProcessSpec"/> and turns it into what posix_spawn takes.</summary>
internal static class ProcessSpecValidator
{
    /// <summary>The child's environment as "KEY=value" strings: the spec's, or this process's.</summary>
    public static List<string> Environment(ProcessSpec spec)
    {
        if (string.IsNullOrEmpty(spec.FileName) || spec.FileName.Contains('\0', StringComparison.Ordinal))
        {
            throw CriMeshException.Invalid($"invalid program name '{spec.FileName}'");
        }
        foreach (var argument in spec.Arguments)
        {
            if (argument.Contains('\0', StringComparison.Ordinal))
            {
                throw CriMeshException.Invalid($"argument of {spec.FileName} contains a NUL byte");
            }
        }
        if (spec.MaxOutputBytes < 0 || (spec.Timeout <= TimeSpan.Zero && spec.Timeout != Timeout.InfiniteTimeSpan))
        {
            throw CriMeshException.Invalid($"run of {spec.FileName}: output cap {spec.MaxOutputBytes} and timeout {spec.Timeout} must be positive");
        }
        var result = new List<string>();
        if (spec.Environment is null)
        {
            foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            {
                result.Add($"{entry.Key}={entry.Value}");
            }
            return result;
        }
        foreach (var (key, value) in spec.Environment)
        {
            if (key.Length == 0 || key.Contains('=', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal)
                || value.Contains('\0', StringComparison.Ordinal))
            {
                throw CriMeshException.Invalid($"invalid environment variable '{key}' for {spec.FileName}");
            }
            result.Add($"{key}={value}");
        }
        return result;
    }

    /// <summary>
    /// The absolute path to execute: a name with a slash is taken relative to the working directory; a bare
    /// name is looked up in the child's PATH (the spec's environment, else this process's).
    /// </summary>
    public static string ResolveExecutable(ProcessSpec spec, List<string> environment)
    {
        var cwd = spec.WorkingDirectory ?? System.Environment.CurrentDirectory;
        if (spec.FileName.Contains('/', StringComparison.Ordinal))
        {
            return Path.GetFullPath(spec.FileName, cwd);
        }
        var pathVariable = environment.FirstOrDefault(e => e.StartsWith("PATH=", StringComparison.Ordinal))?[5..]
            ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var dir in pathVariable.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.GetFullPath(Path.Combine(dir, spec.FileName), cwd);
            if (IsExecutableFile(candidate))
            {
                return candidate;
            }
        }
        throw new CriMeshException(ErrorKind.FailedPrecondition, $"cannot start {spec.FileName}: not found in PATH {pathVariable}");
    }

    private static bool IsExecutableFile(string path)
    {
        try
        {
            var mode = File.GetUnixFileMode(path);
            return File.Exists(path) && (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
