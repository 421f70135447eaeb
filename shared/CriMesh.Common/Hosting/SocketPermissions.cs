using Microsoft.Extensions.Hosting;

namespace CriMesh.Common.Hosting;

/// <summary>
/// Sets the socket to mode 0660 once Kestrel has created it and before the host reports started
/// (and so before systemd hears READY=1). A socket systemd created keeps the mode its unit gave it.
/// </summary>
internal sealed class SocketPermissions(DaemonIdentity identity) : IHostedLifecycleService
{
    private const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!identity.SocketActivated)
        {
            File.SetUnixFileMode(identity.SocketPath, Mode);
        }
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
