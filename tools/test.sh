#!/usr/bin/env bash
# Builds the solution and runs every test project. Run as root (the integration tests use runc,
# overlayfs, network namespaces and a real registry on 127.0.0.1), from any directory:
#
#   tools/test.sh           (as root; `sudo tools/test.sh` from another user)
#
# Installs what the tests need when missing (apt, and the .NET 10 SDK if an apt source offers it),
# restores, builds Release, publishes netd with NativeAOT (tools/publish-aot.sh), runs `dotnet test` on
# the solution with results (TRX and the console log) in TestResults/<UTC time>/, and ends with exactly
# one line "N passed, M failed, K skipped".
# Exits non-zero when a test failed, the build failed, or no test ran.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
# shellcheck source=deploy/lib/common.sh
. deploy/lib/common.sh
# shellcheck source=deploy/lib/test-summary.sh
. deploy/lib/test-summary.sh

crimesh_apt_ensure runc conmon containernetworking-plugins docker-registry skopeo busybox-static systemd \
    zstd apache2-utils iproute2 iptables runsc gcc libc6-dev
crimesh_ensure_dotnet
[ "$(id -u)" -eq 0 ] || echo "warning: not root; the integration tests need root and will fail" >&2

results=$root/TestResults/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"
started=$(date +%s)

build_failed() {
    echo "the build failed (log: $results/build.log)"
    echo "0 passed, 0 failed, 0 skipped"
    exit 1
}
crimesh_say "dotnet restore"
dotnet restore CriMesh.sln -nologo -v quiet -clp:ErrorsOnly 2>&1 | tee "$results/build.log" || build_failed
crimesh_say "dotnet build -c Release (with failpoints)"
dotnet build CriMesh.sln -c Release -p:CrimeshFailpoints=true --no-restore -nologo -v quiet -clp:ErrorsOnly 2>&1 |
    tee -a "$results/build.log" || build_failed
# One daemon as a NativeAOT binary: Deploy/NativeAotTests runs it (print-config, health check).
crimesh_say "tools/publish-aot.sh netd"
tools/publish-aot.sh netd 2>&1 | tee -a "$results/build.log" || build_failed

# A hung test is killed (and fails) after 15 minutes; the whole run is bounded at 80.
crimesh_say "dotnet test (results in $results)"
set +e
timeout --kill-after=2m 80m dotnet test CriMesh.sln -c Release --no-build -nologo \
    --results-directory "$results" --logger "trx;LogFilePrefix=crimesh" \
    --blame-hang-timeout 15m --blame-hang-dump-type none </dev/null 2>&1 | tee "$results/test.log"
rc=${PIPESTATUS[0]}
set -e

echo "tests took $(($(date +%s) - started))s; results: $results"
crimesh_test_summary "$results/test.log" "$rc"
