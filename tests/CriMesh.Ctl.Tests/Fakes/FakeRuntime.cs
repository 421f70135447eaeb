using System.Collections.Concurrent;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Ctl.Tests.Fakes;

/// <summary>A RuntimeService with canned answers. ListPodSandbox is left unimplemented on purpose.</summary>
internal sealed class FakeRuntime : RuntimeService.RuntimeServiceBase
{
    public ConcurrentQueue<ListContainersRequest> ListContainersRequests { get; } = new();

    /// <summary>When set, Version waits for the caller's deadline instead of answering.</summary>
    public bool HangVersion { get; set; }

    public override async Task<VersionResponse> Version(VersionRequest request, ServerCallContext context)
    {
        if (HangVersion)
        {
            // Bounded: the client's deadline cancels this long before 30 s.
            await Task.Delay(TimeSpan.FromSeconds(30), context.CancellationToken);
        }

        return new VersionResponse
        {
            Version = request.Version,
            RuntimeName = "fake",
            RuntimeVersion = "0.0.1",
            RuntimeApiVersion = "v1",
        };
    }

    public override Task<StatusResponse> Status(StatusRequest request, ServerCallContext context) =>
        Task.FromResult(new StatusResponse
        {
            Status = new RuntimeStatus
            {
                Conditions =
                {
                    new RuntimeCondition { Type = "RuntimeReady", Status = true },
                    new RuntimeCondition { Type = "NetworkReady", Status = false, Reason = "NoCniConfig", Message = "no network config" },
                },
            },
            Info = { ["verbose"] = request.Verbose ? "true" : "false" },
        });

    public override Task<ListContainersResponse> ListContainers(ListContainersRequest request, ServerCallContext context)
    {
        ListContainersRequests.Enqueue(request);
        return Task.FromResult(new ListContainersResponse
        {
            Containers = { new Container { Id = "c0ffee", State = ContainerState.ContainerRunning, Metadata = new ContainerMetadata { Name = "app" } } },
        });
    }

    public override Task<ContainerStatusResponse> ContainerStatus(ContainerStatusRequest request, ServerCallContext context) =>
        request.ContainerId == "c0ffee"
            ? Task.FromResult(new ContainerStatusResponse
            {
                Status = new ContainerStatus { Id = "c0ffee", State = ContainerState.ContainerExited, ExitCode = 3 },
                Info = { ["verbose"] = request.Verbose ? "true" : "false" },
            })
            : throw new RpcException(new Status(StatusCode.NotFound, $"container {request.ContainerId} not found"));
}
