using CriMesh.Common.Grpc;
using CriMesh.Common.Hosting;
using CriMesh.Imaged;
using CriMesh.Imaged.Api;
using CriMesh.Imaged.Options;
using CriMesh.Protos.Storaged.V1;

var builder = DaemonHost.CreateBuilder<ImagedOptions>(args, "imaged");
builder.Services.AddImaged();
builder.Services.AddPeerClient("storaged", invoker => new Storaged.StoragedClient(invoker));

var app = builder.Build();
app.MapGrpcService<ImagedApi>();
return await DaemonHost.RunAsync(app);
