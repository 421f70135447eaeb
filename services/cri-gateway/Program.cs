using CriMesh.Common.Grpc;
using CriMesh.Common.Hosting;
using CriMesh.Gateway.Options;
using CriMesh.Gateway.Peers;
using CriMesh.Gateway.Runtime;
using CriMesh.Protos.Conmon.V1;
using CriMesh.Protos.Netd.V1;

var builder = DaemonHost.CreateBuilder<GatewayOptions>(args, "gateway");
builder.Services.AddPeerClient<Netd.NetdClient>("netd");
builder.Services.AddPeerClient<Conmon.ConmonClient>("conmon");
builder.Services.AddSingleton<PeerHealth>();

var app = builder.Build();
app.MapGrpcService<CriRuntimeService>();
return await DaemonHost.RunAsync(app);
