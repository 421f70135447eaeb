#!/usr/bin/env bash
# Publishes one daemon with NativeAOT (PublishAot=true) into artifacts/aot/<daemon>/, so CI proves the
# daemons still compile and run as native binaries (tests/CriMesh.IntegrationTests/Deploy/NativeAotTests
# runs the result). Installs the native toolchain NativeAOT links with (clang, zlib1g-dev) when missing.
# The ILCompiler package comes from NuGet: the SDK picks the version matching its runtime.
#
#   tools/publish-aot.sh [daemon]      (default: netd)
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
# shellcheck source=deploy/lib/common.sh
. deploy/lib/common.sh

daemon=${1:-netd}
case $daemon in
    gateway) project=services/cri-gateway ;;
    imaged | storaged | netd | conmon) project=services/$daemon ;;
    *) crimesh_die "unknown daemon $daemon (gateway, imaged, storaged, netd or conmon)" ;;
esac
out=$root/artifacts/aot/$daemon

crimesh_apt_ensure clang zlib1g-dev
crimesh_ensure_dotnet
crimesh_say "dotnet publish $project -p:PublishAot=true -> $out"
rm -rf "$out"
started=$(date +%s)
dotnet publish "$project" -c Release -r linux-x64 -p:PublishAot=true -o "$out" -nologo -v quiet -clp:ErrorsOnly
crimesh_say "native crimesh-$daemon: $(du -h "$out/crimesh-$daemon" | cut -f1), published in $(($(date +%s) - started))s"
