using CriMesh.Common.Grpc;
using CriMesh.Ctl.Arguments;
using CriMesh.Ctl.Output;
using Grpc.Core;
using Grpc.Net.Client;
using CriMesh.Protos.Runtime.V1;
using CriMesh.Protos.Imaged.V1;
using CriMesh.Protos.Storaged.V1;

namespace CriMesh.Ctl.Commands;

/// <summary>
/// What a verb runs with: its arguments, the shared options, the output streams, and clients for the
/// CRI endpoint and storaged, each opened on first use and closed with the context.
/// </summary>
internal sealed class CommandContext(
    string verbName, ParsedArgs args, GlobalOptions options, TextWriter stdout, TextWriter stderr,
    TimeProvider time, CancellationToken cancellationToken) : IDisposable
{
    private GrpcChannel? _runtimeChannel;
    private GrpcChannel? _storagedChannel;
    private GrpcChannel? _imagedChannel;

    public string VerbName { get; } = verbName;

    public ParsedArgs Args { get; } = args;

    public GlobalOptions Options { get; } = options;

    public TextWriter Out { get; } = stdout;

    public TextWriter Err { get; } = stderr;

    public TimeProvider Time { get; } = time;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public bool Json => Options.Output == OutputFormat.Json;

    public RuntimeService.RuntimeServiceClient Runtime => new(_runtimeChannel ??= Open(Options.RuntimeSocket));

    public ImageService.ImageServiceClient Images => new(_runtimeChannel ??= Open(Options.RuntimeSocket));

    public Storaged.StoragedClient Storaged => new(_storagedChannel ??= Open(Options.PeerSocket("storaged")));

    public Imaged.ImagedClient Imaged => new(_imagedChannel ??= Open(Options.PeerSocket("imaged")));

    /// <summary>Call options for one RPC: the --timeout deadline from now, and the tool's cancellation.</summary>
    /// <remarks>
    /// gRPC measures deadlines against the system clock, so the deadline is taken from it, not from
    /// <see cref="Time"/> (which only dates what is displayed, e.g. "5 minutes ago").
    /// </remarks>
    public CallOptions Call() =>
        new(deadline: TimeProvider.System.GetUtcNow().UtcDateTime + Options.Timeout, cancellationToken: CancellationToken);

    /// <summary>
    /// Prints a list response the way every list verb does: IDs only with <c>-q</c>, the whole message
    /// with <c>-o json</c>, else the verb's table.
    /// </summary>
    public int WriteList(Google.Protobuf.IMessage response, IEnumerable<string> ids, Action<TextWriter> writeTable)
    {
        if (Args.Has("quiet"))
        {
            foreach (var id in ids)
            {
                Out.WriteLine(id);
            }
        }
        else if (Json)
        {
            Output.Json.Write(Out, response);
        }
        else
        {
            writeTable(Out);
        }

        return 0;
    }

    /// <summary>Reports one failed item of a multi-item verb (rmi a b c) in the tool's error format.</summary>
    public void ReportError(StatusCode code, string detail) => Cli.WriteError(Err, VerbName, code, detail);

    public void Dispose()
    {
        _runtimeChannel?.Dispose();
        _storagedChannel?.Dispose();
        _imagedChannel?.Dispose();
    }

    private GrpcChannel Open(string socketPath) => UnixChannel.Create(socketPath, Options.Timeout);
}
