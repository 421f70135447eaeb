using CriMesh.Common.Grpc;
using Grpc.Health.V1;

namespace CriMesh.Ctl.Commands;

/// <summary>
/// <c>health SOCKET</c>: asks the grpc.health.v1 service on a daemon's Unix socket whether it serves.
/// crimesh-node uses it to know a daemon it started is ready: only a daemon that listens and answers
/// passes, not a stale socket file left by one that was killed.
/// </summary>
internal static class HealthCommand
{
    public static IEnumerable<Verb> Verbs =>
    [
        new("health", "SOCKET", "ask the gRPC health service on a daemon's socket; exit 0 when it is SERVING", [], 1, 1, HealthAsync),
    ];

    private static async Task<int> HealthAsync(CommandContext context)
    {
        var socket = context.Args.Positionals[0];
        using var channel = UnixChannel.Create(socket, context.Options.Timeout);
        var client = new Health.HealthClient(channel);
        var response = await client.CheckAsync(new HealthCheckRequest(), context.Call());
        context.Out.WriteLine($"{socket}: {response.Status}");
        return response.Status == HealthCheckResponse.Types.ServingStatus.Serving ? 0 : 1;
    }
}
