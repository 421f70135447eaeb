using CriMesh.Common.Grpc;
using CriMesh.Common.Hosting;
using CriMesh.Gateway.Containers;
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
builder.Services.AddPeerClient("netd", invoker => new Netd.NetdClient(invoker));
builder.Services.AddPeerClient("conmon", invoker => new Conmon.ConmonClient(invoker));
builder.Services.AddPeerClient("imaged", invoker => new Imaged.ImagedClient(invoker)).AddPeerClient("storaged", invoker => new Storaged.StoragedClient(invoker));
builder.Services.AddSingleton<PeerHealth>();
builder.Services.AddSingleton<IPodContainers, PodContainers>();
builder.Services.AddSingleton<PodSandboxManager>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<PodSandboxManager>());
builder.Services.AddSingleton<IPodDirectory, PodRecordDirectory>();
builder.Services.AddSingleton<ContainerManager>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ContainerManager>());

var app = builder.Build();
app.MapGrpcService<CriRuntimeService>();
app.MapGrpcService<CriImageService>();
return await DaemonHost.RunAsync(app);
