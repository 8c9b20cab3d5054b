#!/usr/bin/env bash
# Runs the Alibaba Cloud Python SDK interop test against a running simulator.
# Env: SIM_ENDPOINT (host:port), SIM_AK, SIM_SECRET; optional SIM_INSTANCE (default ccc-sim),
# CALLBOARD_VENV (default target/interop-venv), PYTHON (default python3).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
: "${SIM_ENDPOINT:?set SIM_ENDPOINT to host:port of the simulator}"
: "${SIM_AK:?set SIM_AK to the AccessKeyId of the simulator}"
: "${SIM_SECRET:?set SIM_SECRET to the AccessKeySecret of the simulator}"
venv="${CALLBOARD_VENV:-$root/target/interop-venv}"
req="$here/requirements.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"

if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "interop: installing SDKs into $venv" >&2
    "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
    echo "$want" > "$stamp"
fi

exec "$venv/bin/python" "$here/aliyun_sdk_test.py" \
    --endpoint "$SIM_ENDPOINT" --ak "$SIM_AK" --secret "$SIM_SECRET" \
    --instance "${SIM_INSTANCE:-ccc-sim}"
