#!/usr/bin/env bash
# Debian packages: PHP (extension build + PHPUnit + Laravel for the trait tests),
# libclang for ext-php-rs's bindgen, MariaDB for the audit-log tests (started per
# test run on a private socket, never as a system service), wrk for the load runs.
# Composer's registry is not reachable, so PHP test dependencies come from Debian.
set -euo pipefail
pkgs=(php-cli php-dev libclang-dev phpunit php-curl php-sqlite3 php-mbstring php-xml php-codesniffer
      php-laravel-framework php-guzzlehttp-guzzle php-mysql mariadb-server wrk)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "bootstrap: apt-get install ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
