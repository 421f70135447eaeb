#!/usr/bin/env bash
# Runs the pod sandbox benchmark (CriMesh against containerd in the same run). Run as root, from any
# directory:
#
#   benchmarks/pods.sh [pods (default 100)] [--concurrency=C (default 10)] [--only=crimesh|containerd]
#
# Installs what it needs when missing (containerd, runc, the CNI plugins, docker-registry for the
# pause image, busybox-static, gcc), builds the solution in Release (the benchmark starts the built
# daemons), then runs `CriMesh.Benchmarks pods`. It prints figures; nothing here asserts on time.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
# shellcheck source=deploy/lib/common.sh
. deploy/lib/common.sh

crimesh_require_root
crimesh_apt_ensure containerd runc conmon containernetworking-plugins docker-registry busybox-static \
    iproute2 iptables gcc libc6-dev
crimesh_ensure_dotnet
crimesh_say "dotnet build -c Release"
dotnet build CriMesh.sln -c Release -nologo -v quiet -clp:ErrorsOnly
exec dotnet benchmarks/CriMesh.Benchmarks/bin/Release/net10.0/CriMesh.Benchmarks.dll pods "$@"
