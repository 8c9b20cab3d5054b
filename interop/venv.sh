#!/usr/bin/env bash
# Makes sure the venv with the official SDKs (interop/requirements.txt) exists and is current,
# creating or updating it when not, and prints the path of its python.
# Env: CALLBOARD_VENV (default target/interop-venv), PYTHON (default python3).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
venv="${CALLBOARD_VENV:-$root/target/interop-venv}"
req="$here/requirements.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"

# Tests run in parallel: one creates the venv while the others wait for it (flock), so two never
# build it at once.
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "interop: installing SDKs into $venv" >&2
    "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req" >&2
    echo "$want" > "$stamp"
fi
echo "$venv/bin/python"
