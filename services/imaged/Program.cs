using CriMesh.Common.Hosting;

// Serves health only until the imaged issue lands its services.
var builder = DaemonHost.CreateBuilder<PendingOptions>(args, "imaged");
var app = builder.Build();
return await DaemonHost.RunAsync(app);

/// <summary>The [imaged] table, empty until the imaged issue lands.</summary>
internal sealed record PendingOptions;
