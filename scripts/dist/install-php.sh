#!/usr/bin/env bash
# Installs or removes the bpjs_codec extension for one PHP (make install-php /
# make uninstall-php). Never calls sudo: run it as a user who can write PHP's
# extension_dir and conf.d (root in a container; `sudo make install-php`
# elsewhere). Never builds: build first as your user (make build-php), or
# pass a prebuilt .so from dist/ (EXT=...).
#
# Usage: scripts/dist/install-php.sh install|uninstall [EXT.so]
#   PHP=php8.4 picks another PHP binary (default: php on PATH).
set -euo pipefail
action="${1:?usage: install-php.sh install|uninstall [EXT.so]}"
ext="${2:-}"
php="${PHP:-php}"
name=bpjs_codec

command -v "$php" >/dev/null || { echo "install-php: '$php' not found (set PHP=/path/to/php)" >&2; exit 1; }
ext_dir="$("$php" -r 'echo ini_get("extension_dir");')"
[ -n "$ext_dir" ] || { echo "install-php: $php reports no extension_dir" >&2; exit 1; }
ver="$("$php" -r 'echo PHP_MAJOR_VERSION.".".PHP_MINOR_VERSION;')"
scan_dir="$("$php" -r 'echo PHP_CONFIG_FILE_SCAN_DIR;')"
mods="/etc/php/$ver/mods-available"
debian=0
if [ -d "$mods" ] && command -v phpenmod >/dev/null; then debian=1; fi

need_write() {
  local dir="$1"
  [ -w "$dir" ] && return 0
  echo "install-php: no write access to $dir; run as root (sudo make $action-php, or as root in a container)" >&2
  exit 1
}

case "$action" in
  install)
    [ -n "$ext" ] && [ -f "$ext" ] || { echo "install-php: extension '${ext:-}' not found; build it first as your user (make build-php) or pass EXT=path/to/bpjs_codec.so" >&2; exit 1; }
    need_write "$ext_dir"
    install -m 0644 "$ext" "$ext_dir/$name.so"
    if [ "$debian" = 1 ]; then
      need_write "$mods"
      printf '; priority=20\nextension=%s\n' "$name" > "$mods/$name.ini"
      phpenmod -v "$ver" "$name"
    elif [ -n "$scan_dir" ]; then
      need_write "$scan_dir"
      printf 'extension=%s\n' "$name" > "$scan_dir/20-$name.ini"
    else
      ini="$("$php" -r 'echo php_ini_loaded_file() ?: PHP_CONFIG_FILE_PATH . "/php.ini";')"
      echo "install-php: $ext_dir/$name.so installed, but this PHP has no conf.d scan directory: add 'extension=$name' to $ini" >&2
      exit 1
    fi
    "$php" -m | grep -x "$name" >/dev/null || { echo "install-php: $php does not load $name after install (check: $php -d display_startup_errors=1 -m)" >&2; exit 1; }
    echo "install-php: $name $("$php" -r "echo phpversion('$name');") installed in $ext_dir and enabled for PHP $ver"
    if compgen -G "/etc/php/$ver/fpm" >/dev/null; then
      echo "install-php: reload php-fpm to load it there: systemctl reload php$ver-fpm"
    fi
    ;;
  uninstall)
    if [ "$debian" = 1 ]; then
      if [ -e "$mods/$name.ini" ]; then
        need_write "$mods"
        phpdismod -v "$ver" "$name"
        rm -f "$mods/$name.ini"
      fi
    elif [ -n "$scan_dir" ] && [ -e "$scan_dir/20-$name.ini" ]; then
      need_write "$scan_dir"
      rm -f "$scan_dir/20-$name.ini"
    fi
    if [ -e "$ext_dir/$name.so" ]; then
      need_write "$ext_dir"
      rm -f "$ext_dir/$name.so"
    fi
    # Neither loaded nor named in a startup warning (an ini file left behind).
    if "$php" -m 2>&1 | grep "$name" >/dev/null; then
      echo "install-php: $php still names $name at startup; an ini file outside mods-available loads it: $("$php" --ini | tr '\n' ' ')" >&2
      exit 1
    fi
    echo "install-php: $name removed from PHP $ver"
    ;;
  *) echo "usage: install-php.sh install|uninstall [EXT.so]" >&2; exit 2 ;;
esac
