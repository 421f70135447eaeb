using CriMesh.Common.Hosting;
using CriMesh.Netd.Api;
using CriMesh.Netd.Cni;
using CriMesh.Netd.Options;

var builder = DaemonHost.CreateBuilder<NetdOptions>(args, "netd");
builder.Services.AddSingleton<CniConfigProbe>();

var app = builder.Build();
app.MapGrpcService<NetdApi>();
return await DaemonHost.RunAsync(app);
