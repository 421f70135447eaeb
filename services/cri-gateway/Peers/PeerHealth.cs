using CriMesh.Common.Errors;
using CriMesh.Common.Grpc;
using CriMesh.Gateway.Options;
using Grpc.Core;
using Grpc.Health.V1;

namespace CriMesh.Gateway.Peers;

/// <summary>Asks the peer daemons' grpc.health.v1 services, all at once, each with a short deadline.</summary>
public sealed class PeerHealth(PeerChannels channels, GatewayOptions options)
{
    /// <summary>The four daemons the gateway orchestrates.</summary>
    public static readonly IReadOnlyList<string> Peers = ["imaged", "storaged", "netd", "conmon"];

    public sealed record Answer(string Peer, bool Serving, string Detail);

    public async Task<IReadOnlyDictionary<string, Answer>> CheckAllAsync(CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(Peers.Select(p => CheckAsync(p, cancellationToken))).ConfigureAwait(false);
        return answers.ToDictionary(a => a.Peer, StringComparer.Ordinal);
    }

    public async Task<Answer> CheckAsync(string peer, CancellationToken cancellationToken)
    {
        var client = new Health.HealthClient(channels.Invoker(peer));
        try
        {
            var response = await client.CheckAsync(new HealthCheckRequest(),
                deadline: DateTime.UtcNow + options.PeerHealthTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Status == HealthCheckResponse.Types.ServingStatus.Serving
                ? new(peer, true, "serving")
                : new(peer, false, $"{peer} reports {response.Status}");
        }
        catch (CriMeshException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new(peer, false, e.Kind == ErrorKind.Unavailable ? e.Message : $"{peer} health check failed: {e.Message}");
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new(peer, false, $"{peer} health check failed: {e.Status.Detail}");
        }
    }
}
