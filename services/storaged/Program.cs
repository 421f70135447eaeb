using CriMesh.Common.Hosting;
using CriMesh.Storaged;
using CriMesh.Storaged.Api;
using CriMesh.Storaged.Options;

var builder = DaemonHost.CreateBuilder<StoragedOptions>(args, "storaged");
builder.Services.AddStoraged();
var app = builder.Build();
app.MapGrpcService<StoragedApi>();
return await DaemonHost.RunAsync(app);
