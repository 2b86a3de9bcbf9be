#!/usr/bin/env bash
# make laravel-install's composer branch, offline: an application whose framework
# is its own composer package (here a metapackage standing for laravel/framework,
# which replaces illuminate/*, as the real one does; its code is Debian's), the
# drop-in installed by scripts/laravel/install.sh as a path repository with the
# registry disabled, then checked: composer's autoloader finds the package, package
# discovery lists the provider, and the installed files and migrations are there.
# Runs where composer is (make test-laravel-13 runs it in the Debian sid root).
#
# Usage: test-install-composer.sh EXTENSION_SO
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ext="${1:?usage: test-install-composer.sh EXTENSION_SO}"
app="$(mktemp -d /tmp/bpjs-composer-app.XXXXXX)"
trap 'rm -rf "$app"' EXIT
laravel="$(sed -n "s/.*const VERSION = '\([^']*\)'.*/\1/p" /usr/share/php/Illuminate/Foundation/Application.php)"

mkdir -p "$app/app" "$app/config"
touch "$app/artisan"
cat > "$app/composer.json" <<JSON
{
    "name": "test/composer-hospital-app",
    "require": {"laravel/framework": "$laravel"},
    "repositories": [{"type": "package", "package": {
        "name": "laravel/framework", "version": "$laravel", "type": "metapackage",
        "replace": {"illuminate/support": "self.version", "illuminate/http": "self.version",
                    "illuminate/database": "self.version"}
    }}],
    "autoload": {"psr-4": {"App\\\\": "app/"}},
    "config": {"allow-plugins": false}
}
JSON
printf '#!/bin/sh\nexec php -d extension=%s /usr/bin/composer "$@"\n' "$ext" > "$app/composer-with-ext"
chmod +x "$app/composer-with-ext"
export COMPOSER_ALLOW_SUPERUSER=1 COMPOSER_NO_INTERACTION=1 COMPOSER_DISABLE_NETWORK=1 COMPOSER_HOME="$app/.composer"
"$app/composer-with-ext" --working-dir="$app" config repo.packagist false
"$app/composer-with-ext" --working-dir="$app" install --no-progress -q

COMPOSER_BIN="$app/composer-with-ext" bash "$root/scripts/laravel/install.sh" "$app"

fail() { echo "test-install-composer: FAIL: $*" >&2; exit 1; }
[ -f "$app/vendor/bpjs-codec/laravel/src/BpjsServiceProvider.php" ] || fail "package not in vendor/"
[ ! -L "$app/vendor/bpjs-codec/laravel" ] || fail "package symlinked, not copied"
cmp -s "$root/bindings-php/laravel/BpjsTraits.php" "$app/app/Traits/BpjsTraits.php" || fail "trait not installed"
[ -f "$app/config/bpjs.php" ] || fail "config not installed"
ls "$app"/database/migrations/*add_audit_columns_to_pcare_bpjs_log_table.php >/dev/null || fail "migrations not installed"
php -r '
  require "/usr/share/php/Illuminate/autoload.php"; // the framework metapackage stands for Debian code
  require $argv[1] . "/vendor/autoload.php";
  if (!class_exists(BpjsCodec\Laravel\BpjsServiceProvider::class, false)
      && !class_exists(BpjsCodec\Laravel\BpjsServiceProvider::class)) { fwrite(STDERR, "not autoloaded\n"); exit(1); }
  $installed = json_decode(file_get_contents($argv[1] . "/vendor/composer/installed.json"), true);
  foreach ($installed["packages"] ?? $installed as $p) {
      if ($p["name"] === "bpjs-codec/laravel") {
          $providers = $p["extra"]["laravel"]["providers"] ?? [];
          exit(in_array("BpjsCodec\\Laravel\\BpjsServiceProvider", $providers, true) ? 0 : 2);
      }
  }
  exit(3);
' "$app" || fail "autoload or package discovery (rc $?)"
grep -q '"url": "'"$root"'/bindings-php/laravel"' "$app/composer.json" || fail "no path repository in composer.json"
echo "test-install-composer: composer $(/usr/bin/composer --version 2>/dev/null | awk '{print $3}'), Laravel $laravel: installed as a path repository, offline"
