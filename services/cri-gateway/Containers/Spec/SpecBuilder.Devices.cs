using CriMesh.Common.Errors;
using CriMesh.Gateway.Containers.Spec.Oci;
using CriMesh.Linux.Interop;

namespace CriMesh.Gateway.Containers.Spec;

public sealed partial class SpecBuilder
{
    /// <summary>
    /// Each CRI device: the host node (symlinks followed) recreated at container_path with the host's type,
    /// numbers, mode and owner, and allowed in the device cgroup with the given permissions (default rwm).
    /// </summary>
    private void BuildDevices()
    {
        if (config.Devices.Count == 0) return;
        var devices = new List<OciDevice>();
        foreach (var d in config.Devices)
        {
            if (!d.ContainerPath.StartsWith('/') || !d.HostPath.StartsWith('/'))
                throw CriMeshException.Invalid($"device {d.HostPath} -> {d.ContainerPath}: both paths must be absolute");
            var access = d.Permissions.Length == 0 ? "rwm" : d.Permissions;
            if (access.Any(c => c is not ('r' or 'w' or 'm')) || access.Distinct().Count() != access.Length)
                throw CriMeshException.Invalid($"device {d.HostPath}: permissions \"{d.Permissions}\" must be a subset of rwm");
            var host = ScopedPath.Resolve("/", d.HostPath);
            if (Libc.Statx(host, 0, out var st) != 0) throw CriMeshException.Invalid($"device {d.HostPath} does not exist on the host");
            var type = st.FileType switch
            {
                Libc.S_IFCHR => "c",
                Libc.S_IFBLK => "b",
                _ => throw CriMeshException.Invalid($"device {d.HostPath} is not a character or block device"),
            };
            devices.Add(new OciDevice
            {
                Path = d.ContainerPath, Type = type, Major = st.RdevMajor, Minor = st.RdevMinor,
                FileMode = (uint)(st.Mode & 0x1FF), Uid = st.Uid, Gid = st.Gid,
            });
            spec.Linux.Resources.Devices?.Add(new OciDeviceRule
            {
                Allow = true, Type = type, Major = st.RdevMajor, Minor = st.RdevMinor, Access = access,
            });
        }
        spec.Linux.Devices = devices;
    }
}
