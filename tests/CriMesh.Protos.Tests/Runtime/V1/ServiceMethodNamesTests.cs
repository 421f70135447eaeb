using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Protos.Tests.Runtime.V1;

// kubelet and crictl address RPCs by full method name; ours must be upstream's (v0.32), all of them, no extras.
public sealed class ServiceMethodNamesTests
{
    private static readonly string[] UpstreamRuntimeServiceMethods =
    [
        "Version",
        "RunPodSandbox", "StopPodSandbox", "RemovePodSandbox", "PodSandboxStatus", "ListPodSandbox",
        "CreateContainer", "StartContainer", "StopContainer", "RemoveContainer", "ListContainers",
        "ContainerStatus", "UpdateContainerResources", "ReopenContainerLog",
        "ExecSync", "Exec", "Attach", "PortForward",
        "ContainerStats", "ListContainerStats", "PodSandboxStats", "ListPodSandboxStats",
        "UpdateRuntimeConfig", "Status", "CheckpointContainer", "GetContainerEvents",
        "ListMetricDescriptors", "ListPodSandboxMetrics", "RuntimeConfig",
    ];

    private static readonly string[] UpstreamImageServiceMethods =
    [
        "ListImages", "ImageStatus", "PullImage", "RemoveImage", "ImageFsInfo",
    ];

    [Fact]
    public void BindService_RuntimeService_RegistersExactlyUpstreamsFullNames()
    {
        var binder = new RecordingBinder();
        RuntimeService.BindService(binder, new UnimplementedRuntime());

        var expected = UpstreamRuntimeServiceMethods.Select(m => "/runtime.v1.RuntimeService/" + m).Order();
        Assert.Equal(expected, binder.Methods.Keys.Order());
    }

    [Fact]
    public void BindService_ImageService_RegistersExactlyUpstreamsFullNames()
    {
        var binder = new RecordingBinder();
        ImageService.BindService(binder, new UnimplementedImages());

        var expected = UpstreamImageServiceMethods.Select(m => "/runtime.v1.ImageService/" + m).Order();
        Assert.Equal(expected, binder.Methods.Keys.Order());
    }

    [Fact]
    public void BindService_RuntimeService_OnlyGetContainerEventsStreams()
    {
        var binder = new RecordingBinder();
        RuntimeService.BindService(binder, new UnimplementedRuntime());

        Assert.Equal(MethodType.ServerStreaming, binder.Methods["/runtime.v1.RuntimeService/GetContainerEvents"]);
        Assert.All(
            binder.Methods.Where(m => m.Key != "/runtime.v1.RuntimeService/GetContainerEvents"),
            m => Assert.Equal(MethodType.Unary, m.Value));
    }

    [Fact]
    public void Descriptor_Services_LiveInPackageRuntimeV1()
    {
        Assert.Equal("runtime.v1.RuntimeService", RuntimeService.Descriptor.FullName);
        Assert.Equal("runtime.v1.ImageService", ImageService.Descriptor.FullName);
        Assert.Equal("runtime.v1", ApiReflection.Descriptor.Package);
    }

    private sealed class UnimplementedRuntime : RuntimeService.RuntimeServiceBase;

    private sealed class UnimplementedImages : ImageService.ImageServiceBase;

    private sealed class RecordingBinder : ServiceBinderBase
    {
        public Dictionary<string, MethodType> Methods { get; } = [];

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            Methods.Add(method.FullName, method.Type);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            Methods.Add(method.FullName, method.Type);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            Methods.Add(method.FullName, method.Type);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            Methods.Add(method.FullName, method.Type);
    }
}
