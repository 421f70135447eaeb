using CriMesh.Ctl.Arguments;
using CriMesh.Ctl.Commands;
using Grpc.Core;

namespace CriMesh.Ctl;

/// <summary>
/// The whole tool as one call, so tests can run it in-process: parse, run the verb, map failures to
/// exit codes (0 ok, 1 a call failed, 2 usage error) and to one stderr format.
/// </summary>
public static class Cli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, stdout, stderr, Environment.GetEnvironmentVariable, TimeProvider.System, cancellationToken);

    internal static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, TimeProvider time,
        CancellationToken cancellationToken)
    {
        Invocation invocation;
        GlobalOptions options;
        try
        {
            invocation = Invocation.Parse(args);
            if (invocation.HelpText is { } help)
            {
                await stdout.WriteAsync(help);
                return Ok;
            }

            options = GlobalOptions.From(invocation.Args, environment);
        }
        catch (InvocationException e)
        {
            return WriteUsageError(stderr, e.Message, e.Verb);
        }
        catch (UsageException e)
        {
            return WriteUsageError(stderr, e.Message, null);
        }

        var verb = invocation.Verb!;
        using var context = new CommandContext(verb.Name, invocation.Args, options, stdout, stderr, time, cancellationToken);
        try
        {
            return await verb.RunAsync(context);
        }
        catch (UsageException e)
        {
            return WriteUsageError(stderr, e.Message, verb);
        }
        catch (CommandException e)
        {
            WriteError(stderr, verb.Name, e.Code, e.Message);
        }
        catch (RpcException e)
        {
            WriteError(stderr, verb.Name, e.StatusCode, Describe(e, context));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            WriteError(stderr, verb.Name, StatusCode.Cancelled, "interrupted");
        }

        return Failed;
    }

    /// <summary>The one error line: <c>crimeshctl: VERB: CODE: DETAIL</c>.</summary>
    internal static void WriteError(TextWriter stderr, string verb, StatusCode code, string detail) =>
        stderr.WriteLine($"{VerbTable.Tool}: {verb}: {code}: {detail}");

    private static int WriteUsageError(TextWriter stderr, string message, Verb? verb)
    {
        stderr.WriteLine($"{VerbTable.Tool}: {message}");
        stderr.WriteLine();
        stderr.Write(verb is null ? VerbTable.Usage() : VerbTable.Usage(verb));
        return UsageError;
    }

    // An unreachable daemon gets a detail that names the socket; a missing socket file says so plainly
    // (.NET reports a connect to a missing Unix socket as "cannot assign requested address").
    private static string Describe(RpcException e, CommandContext context)
    {
        if (e.StatusCode != StatusCode.Unavailable)
        {
            return e.Status.Detail;
        }

        var group = VerbTable.Groups.FirstOrDefault(g => context.VerbName.StartsWith(g.Key + " ", StringComparison.Ordinal));
        var socket = CriMesh.Common.Grpc.PeerUnreachableException.Find(e.Status.DebugException)?.SocketPath
            ?? (group.Value is { } daemon ? context.Options.PeerSocket(daemon) : context.Options.RuntimeSocket);
        return File.Exists(socket)
            ? $"cannot reach {socket}: {e.Status.Detail}"
            : $"cannot reach {socket}: no such socket (is the daemon running?)";
    }
}
