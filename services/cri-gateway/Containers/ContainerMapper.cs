using System.Text;
using CriMesh.Protos.Runtime.V1;
using ConmonV1 = CriMesh.Protos.Conmon.V1;

namespace CriMesh.Gateway.Containers;

/// <summary>Gateway record + conmon state -> the CRI's Container and ContainerStatus messages. Pure.</summary>
public static class ContainerMapper
{
    /// <summary>How much of the termination message file is read (kubelet's own cap is 4096 bytes).</summary>
    public const int TerminationMessageMax = 4096;

    public static ContainerState State(ConmonV1.ContainerState? s) => s?.Status switch
    {
        ConmonV1.ContainerStatus.Created => ContainerState.ContainerCreated,
        ConmonV1.ContainerStatus.Running => ContainerState.ContainerRunning,
        ConmonV1.ContainerStatus.Exited => ContainerState.ContainerExited,
        _ => ContainerState.ContainerUnknown,
    };

    public static Container ToContainer(ContainerRecord r, ConmonV1.ContainerState? s) => new()
    {
        Id = r.Id, PodSandboxId = r.SandboxId, Metadata = r.Metadata, Image = Image(r), ImageRef = r.ImageId, ImageId = r.ImageId,
        State = State(s), CreatedAt = r.CreatedAtNs, Labels = { r.Config.Labels }, Annotations = { r.Config.Annotations },
    };

    public static ContainerStatus ToStatus(ContainerRecord r, ConmonV1.ContainerState? s)
    {
        var state = State(s);
        var status = new ContainerStatus
        {
            Id = r.Id, Metadata = r.Metadata, State = state, CreatedAt = r.CreatedAtNs,
            StartedAt = s?.StartedUnixNano ?? 0, FinishedAt = s?.FinishedUnixNano ?? 0, ExitCode = s?.ExitCode ?? 0,
            Image = Image(r), ImageRef = r.ImageId, ImageId = r.ImageId, LogPath = r.LogPath,
            Labels = { r.Config.Labels }, Annotations = { r.Config.Annotations }, Mounts = { r.Config.Mounts },
            User = new ContainerUser { Linux = new LinuxContainerUser { Uid = r.Uid, Gid = r.Gid } },
        };
        if (r.Config.Linux?.Resources is { } res) status.Resources = new ContainerResources { Linux = res };
        if (state == ContainerState.ContainerExited)
        {
            status.Reason = s!.OomKilled ? "OOMKilled" : s.ExitCode == 0 ? "Completed" : "Error";
            status.Message = TerminationMessage(r) is { Length: > 0 } m ? m : s.Message;
        }
        else if (state == ContainerState.ContainerUnknown && s is null)
        {
            status.Reason = "Unknown";
            status.Message = "the container is not known to conmon";
        }
        return status;
    }

    private static ImageSpec Image(ContainerRecord r) => new() { Image = r.ImageName };

    /// <summary>The first 4096 bytes of the termination message file, or "".</summary>
    public static string TerminationMessage(ContainerRecord r)
    {
        var file = Path.Combine(r.StateDir, Spec.SpecBuilder.TerminationLogFile);
        try
        {
            using var stream = File.OpenRead(file);
            var buffer = new byte[TerminationMessageMax];
            var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return Encoding.UTF8.GetString(buffer, 0, n);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "";
        }
    }

    /// <summary>True when <paramref name="labels"/> hold every pair of <paramref name="selector"/>.</summary>
    public static bool Matches(IDictionary<string, string> labels, IDictionary<string, string> selector) =>
        selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
