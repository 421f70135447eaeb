#!/usr/bin/env bash
# Installs and starts a CriMesh node on a fresh Debian 12 machine. Run as root, from any directory:
#
#   tools/setup.sh          (as root; `sudo tools/setup.sh` from another user)
#
# 1. apt: the runtime's own dependencies (runc, conmon, CNI plugins, iproute2, iptables), when missing;
# 2. the .NET 10 SDK, when missing (apt dotnet-sdk-10.0, or a clear message how to get it);
# 3. publishes the five daemons and crimeshctl (Release, framework-dependent, ReadyToRun when it
#    restores) into the layout of deploy/layout.env, each daemon into its own directory, with symlinks
#    in BIN_DIR; installs the default config and CNI network when none exists;
# 4. starts the node: with systemd as PID 1, installs the units and enables crimesh.target; otherwise
#    (re)starts the daemons with deploy/crimesh-node;
# 5. waits until `crimeshctl version` answers, then prints `crimeshctl version` and `crimeshctl info`.
# Running it again rebuilds and restarts the daemons with the new build; config files are kept.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
# shellcheck source=deploy/layout.env
. deploy/layout.env
# shellcheck source=deploy/lib/common.sh
. deploy/lib/common.sh

crimesh_require_root
crimesh_apt_ensure runc conmon containernetworking-plugins iproute2 iptables gcc libc6-dev
crimesh_ensure_dotnet

# name, project; the name is both the assembly name and the directory under PREFIX.
components=(
    "crimesh-storaged services/storaged/CriMesh.Storaged.csproj"
    "crimesh-imaged services/imaged/CriMesh.Imaged.csproj"
    "crimesh-netd services/netd/CriMesh.Netd.csproj"
    "crimesh-conmon services/conmon/CriMesh.Conmon.csproj"
    "crimesh-gateway services/cri-gateway/CriMesh.Gateway.csproj"
    "crimeshctl tools/crimeshctl/CriMesh.Ctl.csproj"
)

# Publish everything first into NAME.new, while the running daemons keep serving.
mkdir -p "$PREFIX"
readytorun=true
published=()
for c in "${components[@]}"; do
    read -r name project <<<"$c"
    if [ ! -f "$project" ]; then
        if [ "$name" = crimeshctl ]; then
            echo "warning: $project is not in this checkout; crimeshctl is not installed" >&2
            continue
        fi
        crimesh_die "$project not found"
    fi
    out=$PREFIX/$name.new
    rm -rf "$out"
    crimesh_say "publishing $name"
    args=(publish "$project" -c Release -r linux-x64 --self-contained false -o "$out" -nologo -v quiet -clp:ErrorsOnly)
    if $readytorun && ! dotnet "${args[@]}" -p:PublishReadyToRun=true; then
        echo "warning: ReadyToRun publish failed (crossgen package not restorable?); publishing without it" >&2
        readytorun=false
        rm -rf "$out"
    fi
    if ! $readytorun; then
        dotnet "${args[@]}"
    fi
    [ -x "$out/$name" ] || crimesh_die "publishing $project did not produce $out/$name"
    published+=("$name")
done

# Swap the new builds in. A running daemon keeps its (renamed) files until it is restarted below.
for name in "${published[@]}"; do
    rm -rf "$PREFIX/$name.old"
    if [ -d "$PREFIX/$name" ]; then mv "$PREFIX/$name" "$PREFIX/$name.old"; fi
    mv "$PREFIX/$name.new" "$PREFIX/$name"
done
install -m 0755 deploy/crimesh-node "$PREFIX/crimesh-node"
install -m 0644 deploy/layout.env "$PREFIX/layout.env"
mkdir -p "$BIN_DIR"
for name in "${published[@]}"; do
    ln -sfn "$PREFIX/$name/$name" "$BIN_DIR/$name"
done
ln -sfn "$PREFIX/crimesh-node" "$BIN_DIR/crimesh-node"

# Configuration: never overwrite what is there.
mkdir -p "$CONF_DIR" "$DROPIN_DIR"
if [ ! -e "$CONF_FILE" ]; then
    install -m 0644 deploy/crimesh.toml "$CONF_FILE"
    crimesh_say "installed the default config $CONF_FILE"
fi
# The daemons are framework-dependent: tell them (and crimesh-node) where this runtime lives.
dotnet_root=$(crimesh_dotnet_root)
printf '# Written by tools/setup.sh: the .NET runtime the CriMesh daemons run on.\nDOTNET_ROOT=%s\n' \
    "$dotnet_root" >"$ENV_FILE"
if [ "$dotnet_root" != /usr/share/dotnet ] && [ ! -e /etc/dotnet/install_location ]; then
    # Where apphosts (crimeshctl from a shell, too) look for a runtime outside the default place.
    mkdir -p /etc/dotnet
    echo "$dotnet_root" >/etc/dotnet/install_location
fi
mkdir -p "$CNI_CONF_DIR"
if ! compgen -G "$CNI_CONF_DIR/*.conflist" >/dev/null && ! compgen -G "$CNI_CONF_DIR/*.conf" >/dev/null &&
    ! compgen -G "$CNI_CONF_DIR/*.json" >/dev/null; then
    install -m 0644 deploy/cni/10-crimesh-bridge.conflist "$CNI_CONF_DIR/10-crimesh-bridge.conflist"
    crimesh_say "installed the default CNI network $CNI_CONF_DIR/10-crimesh-bridge.conflist"
fi

# Start (or restart) the node.
services=()
for d in $DAEMONS; do services+=("crimesh-$d.service"); done
if [ -d /run/systemd/system ]; then
    crimesh_say "systemd is PID 1: installing units into $UNIT_DIR"
    install -m 0644 deploy/systemd/* "$UNIT_DIR/"
    install -D -m 0644 deploy/tmpfiles.d/crimesh.conf "$TMPFILES_DIR/crimesh.conf"
    systemd-tmpfiles --create "$TMPFILES_DIR/crimesh.conf"
    systemctl daemon-reload
    systemctl enable crimesh.target crimesh-gateway.socket "${services[@]}"
    systemctl start crimesh-gateway.socket
    systemctl restart "${services[@]}"
    systemctl start crimesh.target
else
    crimesh_say "systemd is not PID 1: (re)starting the daemons with crimesh-node"
    "$PREFIX/crimesh-node" restart
fi
for name in "${published[@]}"; do rm -rf "$PREFIX/$name.old"; done

# Wait (bounded) for the CRI endpoint to answer, then show what runs. A crimeshctl that prints nothing
# is the placeholder of an unfinished CLI: then show the daemons' status instead.
show_status() {
    if [ -d /run/systemd/system ]; then
        systemctl --no-pager status crimesh.target "${services[@]}" | cat
    else
        "$PREFIX/crimesh-node" status
    fi
}
if [ -x "$BIN_DIR/crimeshctl" ]; then
    answered=false
    for _ in $(seq 1 60); do
        if out=$("$BIN_DIR/crimeshctl" version 2>&1); then
            answered=true
            break
        fi
        sleep 1
    done
    $answered || crimesh_die "crimeshctl version did not answer within 60s: $out (logs: $LOG_DIR, or journalctl -u 'crimesh-*')"
    if [ -n "$out" ]; then
        crimesh_say "crimeshctl version"
        "$BIN_DIR/crimeshctl" version
        crimesh_say "crimeshctl info"
        "$BIN_DIR/crimeshctl" info
    else
        echo "warning: crimeshctl printed nothing (a placeholder build?); showing the daemons instead" >&2
        show_status
    fi
else
    echo "warning: crimeshctl is not installed; showing the daemons instead" >&2
    show_status
fi
crimesh_say "CriMesh is running; kubelet endpoint: unix://$RUN_DIR/crimesh.sock"
