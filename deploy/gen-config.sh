#!/usr/bin/env bash
# Rewrites deploy/crimesh.toml from the built daemons' `--print-config` defaults, keeping the "## "
# description lines of every key that already has them. Run it after adding or changing a config key
# (build first: dotnet build -c Release), then describe any new key and commit the file.
#
#   deploy/gen-config.sh [Configuration]     (default Release)
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
configuration=${1:-Release}
target=$root/deploy/crimesh.toml
tables="gateway imaged storaged netd conmon"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: >"$work/empty.toml"

dir_of() { if [ "$1" = gateway ]; then echo cri-gateway; else echo "$1"; fi; }

# Prints the defaults of one daemon: its whole --print-config output, run against an empty config
# (the drop-in dir beside it does not exist), so no file on this machine can change them.
defaults_of() {
    local exe
    exe=$root/services/$(dir_of "$1")/bin/$configuration/net10.0/crimesh-$1
    if [ ! -x "$exe" ]; then
        echo "gen-config: $exe not found; build first: dotnet build -c $configuration" >&2
        exit 1
    fi
    "$exe" --config "$work/empty.toml" --print-config
}

# The header comes from the current file: everything before the first "## " line.
awk '/^## /{exit} {print}' "$target" >"$work/header"

# Existing descriptions, as "table<TAB>key<TAB>line" records ("" is the top level).
awk '
    /^\[.*\]$/ { table = substr($0, 2, length($0) - 2); desc = ""; next }
    /^## / { desc = desc $0 "\n"; next }
    /^# [a-z0-9_]+ = / { split($0, kv, " "); d[table "\t" kv[2]] = desc; desc = ""; next }
    /^$/ { desc = "" }
    END { for (k in d) { n = split(d[k], lines, "\n"); for (i = 1; i < n; i++) print k "\t" lines[i] } }
' "$target" >"$work/descriptions"

# One daemon's output to commented lines: top-level keys only when wanted, then its tables.
render() { # $1 = output file of --print-config, $2 = "top" or "tables"
    awk -v want="$2" -v descfile="$work/descriptions" '
        BEGIN {
            while ((getline line < descfile) > 0) {
                split(line, f, "\t"); key = f[1] "\t" f[2]
                desc[key] = desc[key] f[3] "\n"
            }
        }
        BEGIN { first = 1 }
        /^#/ || /^$/ { next }
        /^\[.*\]$/ {
            table = substr($0, 2, length($0) - 2)
            if (want == "tables") printf "\n%s\n", $0
            first = 1
            next
        }
        (want == "top") == (table == "") {
            split($0, kv, " ")
            d = desc[table "\t" kv[1]]
            if (d == "") d = "## (not yet described)\n"
            printf "%s%s# %s\n", first ? "" : "\n", d, $0
            first = 0
        }
    ' "$1"
}

{
    cat "$work/header"
    first=1
    for t in $tables; do
        defaults_of "$t" >"$work/$t.out"
        if [ -n "$first" ]; then
            render "$work/$t.out" top
            first=
        elif ! diff -q <(awk '/^\[/{exit} {print}' "$work/$t.out") <(awk '/^\[/{exit} {print}' "$work/gateway.out") >/dev/null; then
            echo "gen-config: crimesh-$t prints different top-level defaults than crimesh-gateway" >&2
            exit 1
        fi
        render "$work/$t.out" tables
    done
} >"$work/crimesh.toml"

mv "$work/crimesh.toml" "$target"
echo "wrote $target"
