using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    private static readonly bool SystemdIsInit = Directory.Exists("/run/systemd/system");

    public override Task<RuntimeConfigResponse> RuntimeConfig(RuntimeConfigRequest request, ServerCallContext context) =>
        Task.FromResult(new RuntimeConfigResponse
        {
            Linux = new LinuxRuntimeConfiguration
            {
                CgroupDriver = CgroupDriver() == "systemd" ? Protos.Runtime.V1.CgroupDriver.Systemd : Protos.Runtime.V1.CgroupDriver.Cgroupfs,
            },
        });

    private string CgroupDriver() => options.EffectiveCgroupDriver(SystemdIsInit);
}
