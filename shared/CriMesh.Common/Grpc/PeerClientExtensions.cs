using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CriMesh.Common.Grpc;

public static class PeerClientExtensions
{
    /// <summary>
    /// Registers a generated gRPC client (<c>Foo.FooClient</c>) for the peer daemon <paramref name="peer"/>,
    /// talking to <c>RUN_DIR/&lt;peer&gt;.sock</c> with a default deadline and errors mapped back to kinds.
    /// <paramref name="create"/> is the client's constructor (<c>invoker =&gt; new Foo.FooClient(invoker)</c>),
    /// so no reflection is needed to build it.
    /// </summary>
    public static IServiceCollection AddPeerClient<TClient>(this IServiceCollection services, string peer, Func<CallInvoker, TClient> create)
        where TClient : ClientBase<TClient>
    {
        services.TryAddSingleton<PeerChannels>();
        services.AddSingleton(sp => create(sp.GetRequiredService<PeerChannels>().Invoker(peer)));
        return services;
    }
}
