using CriMesh.Common.Hosting;
using CriMesh.Conmon.Api;
using CriMesh.Conmon.Options;
using CriMesh.Conmon.Runtime;
using CriMesh.Linux.Interop;

// Orphans of the containers' monitors (e.g. an exec killed on timeout) are reaped here at once,
// not by a slow PID 1.
Libc.BecomeChildSubreaper();

var builder = DaemonHost.CreateBuilder<ConmonOptions>(args, "conmon");
builder.Services.AddSingleton<RuntimeStatus>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<RuntimeStatus>());
builder.Services.AddHostedService<OrphanReaper>();

var app = builder.Build();
app.MapGrpcService<ConmonApi>();
return await DaemonHost.RunAsync(app);
