#!/usr/bin/env bash
# A throw-away MariaDB server for the audit-log tests: its own data directory,
# socket and loopback port, never the system service.
#
#   scripts/mariadb-tmp.sh start DIR   start (DIR is created); prints KEY=value lines:
#                                      BPJS_MARIADB_HOST, _PORT, _SOCKET, _USER, _PASSWORD, _DATABASE
#   scripts/mariadb-tmp.sh stop DIR    stop it and remove DIR
#
# Tests call it from their own setup (pytest fixture, PHPUnit bootstrap) with a
# temp dir, so nothing outlives the run. Needs Debian's mariadb-server package
# (scripts/bootstrap.d/00-apt.sh installs it).
set -euo pipefail

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

DATABASE=bpjs_test
USER_NAME=bpjs_test
# A made-up local test password, not a credential of anything real.
PASSWORD=local-test-only

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "$cmd" in
start)
  command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || {
    echo "mariadb-tmp: mariadbd not found; run 'make bootstrap' (Debian package mariadb-server)" >&2
    exit 1
  }
  mariadbd=$(command -v mariadbd || echo /usr/sbin/mariadbd)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  run_as=()
  [ "$(id -u)" -ne 0 ] || run_as=(--user=root)
  mariadb-install-db --no-defaults --datadir="$dir/data" --auth-root-authentication-method=socket \
    --skip-test-db "${run_as[@]}" >"$dir/install.log" 2>&1 || {
    echo "mariadb-tmp: mariadb-install-db failed, see $dir/install.log" >&2
    tail -20 "$dir/install.log" >&2
    exit 1
  }
  port=$(free_port)
  # A Unix socket path holds at most 107 bytes: under a deep checkout the
  # socket goes to a short name in /tmp instead (removed by stop).
  socket="$dir/mysql.sock"
  if [ "${#socket}" -gt 100 ]; then
    socket=$(mktemp -u /tmp/bpjs-mariadb-XXXXXXXX.sock)
  fi
  echo "$socket" >"$dir/socket-path"
  "$mariadbd" --no-defaults --datadir="$dir/data" --socket="$socket" --port="$port" \
    --bind-address=127.0.0.1 --pid-file="$dir/mariadb.pid" --log-error="$dir/error.log" \
    --skip-name-resolve --innodb-buffer-pool-size=32M --innodb-log-file-size=16M \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci "${run_as[@]}" \
    >/dev/null 2>&1 &
  echo $! >"$dir/launcher.pid"
  for _ in $(seq 1 150); do
    if mariadb --no-defaults --socket="$socket" -uroot -e 'SELECT 1' >/dev/null 2>&1; then
      break
    fi
    if ! kill -0 "$(cat "$dir/launcher.pid")" 2>/dev/null; then
      echo "mariadb-tmp: mariadbd exited, see $dir/error.log" >&2
      tail -20 "$dir/error.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  mariadb --no-defaults --socket="$socket" -uroot <<SQL
CREATE DATABASE IF NOT EXISTS $DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
CREATE USER IF NOT EXISTS '$USER_NAME'@'localhost' IDENTIFIED BY '$PASSWORD';
GRANT ALL ON $DATABASE.* TO '$USER_NAME'@'127.0.0.1';
GRANT ALL ON $DATABASE.* TO '$USER_NAME'@'localhost';
SQL
  echo "BPJS_MARIADB_HOST=127.0.0.1"
  echo "BPJS_MARIADB_PORT=$port"
  echo "BPJS_MARIADB_SOCKET=$socket"
  echo "BPJS_MARIADB_USER=$USER_NAME"
  echo "BPJS_MARIADB_PASSWORD=$PASSWORD"
  echo "BPJS_MARIADB_DATABASE=$DATABASE"
  ;;
stop)
  [ -d "$dir" ] || exit 0
  if [ -f "$dir/mariadb.pid" ]; then
    pid=$(cat "$dir/mariadb.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  if [ -f "$dir/socket-path" ]; then
    rm -f "$(cat "$dir/socket-path")"
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
