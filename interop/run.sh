#!/usr/bin/env bash
# Runs the Alibaba Cloud Python SDK interop test against a running simulator.
# Env: SIM_ENDPOINT (host:port), SIM_AK, SIM_SECRET; optional SIM_INSTANCE (default ccc-sim),
# CALLBOARD_VENV (default target/interop-venv), PYTHON (default python3), SIM_SCRIPT (default
# aliyun_sdk_test.py; aliyun_sdk_sts_test.py for a simulator started with --require-sts-token).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${SIM_ENDPOINT:?set SIM_ENDPOINT to host:port of the simulator}"
: "${SIM_AK:?set SIM_AK to the AccessKeyId of the simulator}"
: "${SIM_SECRET:?set SIM_SECRET to the AccessKeySecret of the simulator}"
python="$("$here/venv.sh")"

exec "$python" "$here/${SIM_SCRIPT:-aliyun_sdk_test.py}" \
    --endpoint "$SIM_ENDPOINT" --ak "$SIM_AK" --secret "$SIM_SECRET" \
    --instance "${SIM_INSTANCE:-ccc-sim}"
