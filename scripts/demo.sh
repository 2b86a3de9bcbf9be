#!/usr/bin/env bash
# `make demo`: start the simulator on an ephemeral port, then let every host
# make one signed request and decode the reply. Arguments are the per-host
# demo make targets (from mk/*.mk); they read BPJS_SIM_URL.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sim="${BPJS_SIM_BIN:-$root/target/release/bpjs-sim}"
[ -x "$sim" ] || { echo "demo: $sim missing (make build)" >&2; exit 1; }

log="$(mktemp)"
fifo="$(mktemp -u)"; mkfifo "$fifo"
"$sim" --port 0 >"$fifo" 2>"$log" &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; rm -f "$fifo" "$log"' EXIT
exec 3<"$fifo"
read -r -t 20 BPJS_SIM_URL <&3 || { echo "demo: simulator did not start" >&2; cat "$log" >&2; exit 1; }
export BPJS_SIM_URL
echo "== bpjs-sim listening at $BPJS_SIM_URL"
for target in "$@"; do
  echo
  echo "== $target"
  make --no-print-directory -C "$root" "$target"
done
