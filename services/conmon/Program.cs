using CriMesh.Common.Hosting;
using CriMesh.Conmon.Api;
using CriMesh.Conmon.Containers;
using CriMesh.Conmon.Events;
using CriMesh.Conmon.Monitor;
using CriMesh.Conmon.Options;
using CriMesh.Conmon.Runtime;
using CriMesh.Linux.Interop;

// Orphans of the containers' monitors (e.g. an exec killed on timeout) and the monitors themselves
// (they double-fork) are reaped here at once, not by a slow PID 1.
Libc.BecomeChildSubreaper();

var builder = DaemonHost.CreateBuilder<ConmonOptions>(args, "conmon");
builder.Services.AddSingleton<RuntimeHandlers>();
builder.Services.AddSingleton<RuntimeStatus>();
builder.Services.AddSingleton<OciRuntime>();
builder.Services.AddSingleton<MonitorLauncher>();
builder.Services.AddSingleton<EventHub>();
builder.Services.AddSingleton<ContainerLayout>();
builder.Services.AddSingleton<ContainerManager>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<RuntimeStatus>());
builder.Services.AddHostedService(sp => sp.GetRequiredService<ContainerManager>());
builder.Services.AddHostedService<OrphanReaper>();

var app = builder.Build();
app.MapGrpcService<ConmonApi>();
return await DaemonHost.RunAsync(app);
