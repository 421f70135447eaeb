using CriMesh.Common.Grpc;
using CriMesh.Common.Hosting;
using CriMesh.Gateway.Images;
using CriMesh.Gateway.Options;
using CriMesh.Gateway.Peers;
using CriMesh.Gateway.Pods;
using CriMesh.Gateway.Runtime;
using CriMesh.Protos.Conmon.V1;
using CriMesh.Protos.Imaged.V1;
using CriMesh.Protos.Netd.V1;
using CriMesh.Protos.Storaged.V1;

var builder = DaemonHost.CreateBuilder<GatewayOptions>(args, "gateway");
builder.Services.AddPeerClient<Netd.NetdClient>("netd");
builder.Services.AddPeerClient<Conmon.ConmonClient>("conmon");
builder.Services.AddPeerClient<Imaged.ImagedClient>("imaged").AddPeerClient<Storaged.StoragedClient>("storaged");
builder.Services.AddSingleton<PeerHealth>();
builder.Services.AddSingleton<IPodContainers, NoPodContainers>();
builder.Services.AddSingleton<PodSandboxManager>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<PodSandboxManager>());

var app = builder.Build();
app.MapGrpcService<CriRuntimeService>();
app.MapGrpcService<CriImageService>();
return await DaemonHost.RunAsync(app);
