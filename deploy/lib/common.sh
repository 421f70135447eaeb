# Shell functions shared by tools/setup.sh and tools/test.sh (bash). Source it; it defines only functions.

crimesh_say() { printf '==> %s\n' "$*"; }
crimesh_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

crimesh_require_root() {
    [ "$(id -u)" -eq 0 ] || crimesh_die "run this as root (log in as root, or: sudo $0)"
}

# Installs the named Debian packages that are not installed yet; runs apt-get only when one is missing.
crimesh_apt_ensure() {
    local missing=() p
    for p in "$@"; do
        if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
            missing+=("$p")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        crimesh_say "apt packages present: $*"
        return 0
    fi
    [ "$(id -u)" -eq 0 ] || crimesh_die "missing packages ${missing[*]}; run as root to install them"
    crimesh_say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Makes sure a .NET 10 SDK is on PATH: tries the apt package dotnet-sdk-10.0 (present when Microsoft's
# package feed is configured), otherwise stops with instructions.
crimesh_ensure_dotnet() {
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
    if command -v dotnet >/dev/null 2>&1 && dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
        crimesh_say ".NET SDK $(dotnet --version)"
        return 0
    fi
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq || true
    fi
    if [ "$(id -u)" -eq 0 ] && apt-cache show dotnet-sdk-10.0 >/dev/null 2>&1; then
        crimesh_say "installing dotnet-sdk-10.0"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dotnet-sdk-10.0 >/dev/null
        if command -v dotnet >/dev/null 2>&1 && dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
            return 0
        fi
    fi
    cat >&2 <<'EOF'
error: the .NET 10 SDK is required, and no apt source here offers the package dotnet-sdk-10.0
(Debian 12's own archive does not carry it). Install it, then run this script again, either from
Microsoft's package feed:
    wget https://packages.microsoft.com/config/debian/12/packages-microsoft-prod.deb -O /tmp/packages-microsoft-prod.deb
    dpkg -i /tmp/packages-microsoft-prod.deb && apt-get update && apt-get install -y dotnet-sdk-10.0
or with Microsoft's install script:
    wget https://dot.net/v1/dotnet-install.sh -O /tmp/dotnet-install.sh
    bash /tmp/dotnet-install.sh --channel 10.0 --install-dir /usr/share/dotnet
    ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet
EOF
    exit 1
}

# The directory holding the dotnet host that is on PATH (the runtime the daemons will use).
crimesh_dotnet_root() {
    dirname "$(readlink -f "$(command -v dotnet)")"
}
