using CriMesh.Common.Hosting;

// Serves health only until the storaged issue lands its services.
var builder = DaemonHost.CreateBuilder<PendingOptions>(args, "storaged");
var app = builder.Build();
return await DaemonHost.RunAsync(app);

/// <summary>The [storaged] table, empty until the storaged issue lands.</summary>
internal sealed record PendingOptions;
