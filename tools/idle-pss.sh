#!/usr/bin/env bash
# Idle memory of the five daemons: starts each (storaged imaged netd conmon gateway) on a temporary run
# and state dir, waits until its socket exists, lets the node idle, then prints every daemon's PSS and
# RSS (from /proc/PID/smaps_rollup) and the sum, and stops them by PID. PSS splits each shared page
# among all processes mapping it (other .NET processes on the machine included), so USS (the private
# pages, Private_Clean + Private_Dirty) is printed too: it does not move with what else runs. Run as root from any directory:
#
#   tools/idle-pss.sh [BIN_ROOT] [IDLE_SECONDS]
#
# BIN_ROOT is the checkout whose Release builds are measured (default: this one). A daemon published
# with NativeAOT in artifacts/aot/<daemon>/ is used instead of its JIT build when CRIMESH_AOT=1.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
bin_root=${1:-$root}
idle=${2:-20}
daemons=(storaged imaged netd conmon gateway)
tmp=$(mktemp -d /tmp/crimesh-pss.XXXXXX)
pids=()

cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    # netd keeps its netns dir a mount point after it stops (pinned namespaces outlive the daemon): unmount
    # whatever is below the temporary dir, deepest first, before removing it.
    awk -v t="$tmp/" 'index($5, t) == 1 {print $5}' /proc/self/mountinfo | sort -r | while read -r m; do
        umount -l "$m" || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

exe_of() {
    local d=$1 dir=services/$1
    [ "$d" = gateway ] && dir=services/cri-gateway
    if [ "${CRIMESH_AOT:-0}" = 1 ] && [ -x "$bin_root/artifacts/aot/$d/crimesh-$d" ]; then
        echo "$bin_root/artifacts/aot/$d/crimesh-$d"
    else
        echo "$bin_root/$dir/bin/Release/net10.0/crimesh-$d"
    fi
}

mib() { echo "$1/1024" | bc -l; }

socket_of() { [ "$1" = gateway ] && echo "$tmp/run/crimesh.sock" || echo "$tmp/run/$1.sock"; }

mkdir -p "$tmp/run" "$tmp/state" "$tmp/cni"
cat >"$tmp/crimesh.toml" <<TOML
run_dir = "$tmp/run"
state_dir = "$tmp/state"
[netd]
cni_conf_dir = "$tmp/cni"
[conmon]
runtime_root = "$tmp/run/runc"
TOML

for d in "${daemons[@]}"; do
    "$(exe_of "$d")" --config "$tmp/crimesh.toml" --config-dir "$tmp/none" >"$tmp/$d.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 600); do [ -S "$(socket_of "$d")" ] && break; sleep 0.1; done
    [ -S "$(socket_of "$d")" ] || { cat "$tmp/$d.log" >&2; echo "error: $d did not serve" >&2; exit 1; }
done
sleep "$idle"

total_pss=0 total_rss=0 total_uss=0
for i in "${!daemons[@]}"; do
    pid=${pids[$i]}
    pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup")
    rss=$(awk '/^Rss:/ {print $2}' "/proc/$pid/smaps_rollup")
    uss=$(awk '/^Private_(Clean|Dirty):/ {s += $2} END {print s}' "/proc/$pid/smaps_rollup")
    total_pss=$((total_pss + pss)) total_rss=$((total_rss + rss)) total_uss=$((total_uss + uss))
    printf '%-9s pid %-7s PSS %6.1f MiB  USS %6.1f MiB  RSS %6.1f MiB  %s\n' "${daemons[$i]}" "$pid" \
        "$(mib "$pss")" "$(mib "$uss")" "$(mib "$rss")" "$(exe_of "${daemons[$i]}")"
done
printf 'total     PSS %6.1f MiB  USS %6.1f MiB  RSS %6.1f MiB (after %ss idle)\n' \
    "$(mib "$total_pss")" "$(mib "$total_uss")" "$(mib "$total_rss")" "$idle"
