namespace CriMesh.Benchmarks.Pods;

/// <summary>The containerd 1.6 config (version 2) the benchmark runs containerd with.</summary>
internal static class ContainerdConfig
{
    /// <summary>
    /// Everything under <paramref name="dir"/>: root, state, the gRPC socket (ttrpc is next to it), the
    /// "opt" plugin's dir. CRI plugin: cgroupfs, runc v2 shim, overlayfs, restrict_oom_score_adj (this
    /// host lacks CAP_SYS_RESOURCE, and containerd gives the sandbox -998), no stream port on a fixed
    /// number, the registry as a plain-HTTP mirror of itself.
    /// </summary>
    public static string Render(string dir, string socket, string cniConfDir, string registryHost, string sandboxImage) => $$"""
        version = 2
        root = "{{dir}}/root"
        state = "{{dir}}/state"
        disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs"]

        [grpc]
          address = "{{socket}}"

        [debug]
          level = "warn"

        [plugins."io.containerd.internal.v1.opt"]
          path = "{{dir}}/opt"

        [plugins."io.containerd.grpc.v1.cri"]
          sandbox_image = "{{sandboxImage}}"
          stream_server_address = "127.0.0.1"
          stream_server_port = "0"
          restrict_oom_score_adj = true
          enable_selinux = false
          disable_apparmor = true
          disable_cgroup = false

          [plugins."io.containerd.grpc.v1.cri".cni]
            bin_dir = "{{BenchNetwork.PluginDir}}"
            conf_dir = "{{cniConfDir}}"
            max_conf_num = 1

          [plugins."io.containerd.grpc.v1.cri".containerd]
            snapshotter = "overlayfs"
            default_runtime_name = "runc"

            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"

              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                SystemdCgroup = false

          [plugins."io.containerd.grpc.v1.cri".registry.mirrors."{{registryHost}}"]
            endpoint = ["http://{{registryHost}}"]

          [plugins."io.containerd.grpc.v1.cri".registry.configs."{{registryHost}}".tls]
            insecure_skip_verify = true
        """;
}
