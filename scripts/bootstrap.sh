#!/usr/bin/env bash
# Installs everything `make test` needs on a fresh machine, skipping what is
# already there. Each component keeps its own step in scripts/bootstrap.d/,
# run in name order.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export BPJS_ROOT="$(cd "$here/.." && pwd)"
for step in "$here"/bootstrap.d/*.sh; do
  [ -e "$step" ] || continue
  bash "$step"
done
