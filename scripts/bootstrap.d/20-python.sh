#!/usr/bin/env bash
# Python virtualenv with the build and test tools.
set -euo pipefail
root="${BPJS_ROOT:?}"
venv="$root/.venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
req="$root/bindings-python/requirements-dev.txt"
stamp="$venv/.requirements.sha256"
if [ -f "$req" ]; then
  sum="$(sha256sum "$req" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$req"
    echo "$sum" > "$stamp"
  fi
fi
