using CriMesh.Common.Hosting;
using CriMesh.Netd;
using CriMesh.Netd.Api;
using CriMesh.Netd.Options;

var builder = DaemonHost.CreateBuilder<NetdOptions>(args, "netd");
builder.Services.AddNetd();

var app = builder.Build();
app.MapGrpcService<NetdApi>();
return await DaemonHost.RunAsync(app);
